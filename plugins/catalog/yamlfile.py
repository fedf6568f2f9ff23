"""YAML with line numbers, so that a mistake in supplier.yml can be pointed at.

PyYAML knows where each node starts (`start_mark.line`, 0-based) but drops
it when building plain dicts. This loader keeps it: every mapping becomes a
`LineDict`, a dict that also remembers the 1-based line of itself and of
each of its keys.
"""

from pathlib import Path

import yaml


class LineDict(dict):
    """A dict from YAML that knows its own line and the line of each key."""

    line: int | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: dict[object, int] = {}

    def line_of(self, key: object) -> int | None:
        return self.lines.get(key, self.line)


class LineList(list):
    """A list from YAML that knows its own line and the line of each item."""

    line: int | None = None

    def __init__(self, *args):
        super().__init__(*args)
        self.lines: list[int] = []


class YamlError(Exception):
    """The file is not valid YAML; `line` is 1-based, `message` French."""

    def __init__(self, path: Path, message: str, line: int | None = None):
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line


class _DuplicateKeyError(yaml.YAMLError):
    def __init__(self, key: object, line: int):
        super().__init__(key)
        self.key = key
        self.line = line


class _Loader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        self.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in result:
                raise _DuplicateKeyError(key, key_node.start_mark.line + 1)
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(self, node, deep=False):
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.lines = [child.start_mark.line + 1 for child in node.value]
        return result


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)


def load_yaml(path: Path) -> object:
    """Parse a UTF-8 YAML file, keeping line numbers; raise `YamlError` in French."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError as err:
        raise YamlError(path, "fichier introuvable.") from err
    except UnicodeDecodeError as err:
        raise YamlError(path, "le fichier doit être enregistré en UTF-8.") from err
    try:
        return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except _DuplicateKeyError as err:
        raise YamlError(path, f"clé « {err.key} » présente deux fois.", err.line) from err
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise YamlError(path, _explain(err), mark.line + 1 if mark else None) from err
    except yaml.YAMLError as err:
        raise YamlError(path, "YAML invalide.") from err


def _explain(err: yaml.MarkedYAMLError) -> str:
    """The likely cause in words a non-developer can act on."""
    if err.problem and "mapping values are not allowed" in err.problem:
        return (
            "YAML invalide : un texte contient « : » suivi d’une espace ; "
            "mettez ce texte entre guillemets."
        )
    if err.problem and "found character '\\t'" in err.problem:
        return "YAML invalide : tabulation interdite, indentez avec des espaces."
    return "YAML invalide ; vérifiez l’indentation, les deux-points et les guillemets."

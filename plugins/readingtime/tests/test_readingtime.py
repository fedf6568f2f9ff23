from readingtime import count_words, minutes_to_read


def test_words_are_counted_on_text_not_markup():
    html = "<p>Le <strong>crédit-bail</strong> finance l’équipement.</p><!-- x -->"
    assert count_words(html) == 4


def test_entities_are_decoded_before_counting():
    assert count_words("<p>Prix&nbsp;: 1&nbsp;200 €</p>") == 3


def test_reading_time_rounds_up_and_is_at_least_one_minute():
    assert minutes_to_read(0) == 1
    assert minutes_to_read(230) == 1
    assert minutes_to_read(231) == 2
    assert minutes_to_read(1000) == 5

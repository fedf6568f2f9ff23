"""The sales inbox: staff log in, work the leads, export them; every action is audited."""

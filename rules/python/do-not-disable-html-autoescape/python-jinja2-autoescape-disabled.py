from jinja2 import Environment, FileSystemLoader, select_autoescape

# ruleid: python-jinja2-autoescape-disabled
plain = Environment(loader=FileSystemLoader("templates"))
# ruleid: python-jinja2-autoescape-disabled
off = Environment(loader=FileSystemLoader("templates"), autoescape=False)
# ok: python-jinja2-autoescape-disabled
safe = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())
# ok: python-jinja2-autoescape-disabled
on = Environment(autoescape=True)

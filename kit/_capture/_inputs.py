"""The input a form shows for one column of the contract (a dropdown for a choice, a text box otherwise)."""

import ipywidgets as w


def make_input(form, col):
    """The widget a form's column is typed or chosen in: from the contract's kind, the form's options and labels."""
    c = form.spec.col(col)
    label = form.labels.get(col, col.replace("_", " "))
    style = {"description_width": "180px"}
    layout = w.Layout(width="95%")
    if col in form.options:
        opts = form.options[col]
        widget = w.Dropdown(
            options=opts,
            value=opts[0][1] if opts else None,
            description=label,
            style=style,
            layout=w.Layout(width="60%"),
        )
    elif c.kind == "enum":
        widget = w.Dropdown(
            options=list(c.choices),
            value=c.choices[0],
            description=label,
            style=style,
            layout=w.Layout(width="60%"),
        )
    elif c.kind == "text" and col in ("goal", "text", "action", "comment"):
        widget = w.Textarea(description=label, style=style, layout=w.Layout(width="95%", height="64px"))
    else:
        widget = w.Text(
            description=label,
            style=style,
            layout=layout,
            placeholder={
                "date": "YYYY-MM-DD",
                "rate": "0.25 or 25%",
                "number": "e.g. 120000",
                "measure": "e.g. 6 or 35%",
                "int": "a whole number",
            }.get(c.kind, ""),
        )
    widget.add_class(f"kit-{form.name}-{col}")
    return widget

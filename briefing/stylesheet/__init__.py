"""Style sheets: found (a pack's own `styles/` first, then the installed ones), merged along `extends:`,
validated once with the position of every mistake, and handed on as typed dataclasses.

`schema` holds the dataclasses (one a section of the sheet), `validate` turns a position-carrying
node tree into them, `find` locates sheets and merges the `extends:` chain.  None of it imports
ReportLab.
"""

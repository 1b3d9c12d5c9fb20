"""The claims board: a project's matched claims in clusters, each with a table and a
chart of the figures they report.

clusters.py  claims + evidence links -> clusters (pure)
formats.py   figures, intervals and dates as the board writes them (pure)
table.py     a cluster's rows: who, where, when, which rows it agrees or conflicts with
chart.py     the geometry of a cluster's SVG chart (pure; the template draws it)
selectors.py the board of one project, in a fixed number of queries
"""

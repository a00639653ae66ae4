"""Prints the lines of a Markdown file between `<!-- BEGIN NAME` and
`<!-- END NAME -->` (exclusive), for diffing generated tables."""
import sys

path, name = sys.argv[1], sys.argv[2]
inside = False
for line in open(path, encoding="utf-8"):
    if line.startswith("<!-- END " + name):
        break
    if inside:
        sys.stdout.write(line)
    if line.startswith("<!-- BEGIN " + name):
        inside = True

"""`rbctl import`: answers from an LKE workbook (rbctl's own or the official layout) back into
the records, and a rubric from an official LKE template. Pure functions: results and located
problems; the CLI prints and writes."""

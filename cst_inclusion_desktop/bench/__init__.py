"""The large-trust benchmark (issue 8, DESIGN.md §6): ``python -m cst_inclusion_desktop.bench``.

It builds the reference trust once (cached), measures the figures the budgets in
``budgets.py`` are about — each as a median over several runs, the heavy ones beside a floor
measured in the same run — and prints one JSON object. Not a test: timings are reported, never
asserted. Results and the method are written up in docs/benchmark.md.
"""

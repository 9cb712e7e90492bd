/**
 * Jupyter notebooks in and out: {@link NotebookImport} turns a {@code .ipynb} into a runbook (Markdown cells
 * verbatim, code cells by what they are), keeping the outputs recorded in the notebook as a recorded run in evidence;
 * {@link NotebookExport} writes a run's evidence back as a notebook with its outputs.
 */
package dev.tejun.kernel.notebook;

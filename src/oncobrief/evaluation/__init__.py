"""Quality harness: faithfulness, limitation detection and entity extraction on labelled data.

Run with ``oncobrief eval`` or ``python -m benchmarks.quality``. The data are read from the dev
corpus folder (default ``../shared/corpus``) and never copied into the project.
"""

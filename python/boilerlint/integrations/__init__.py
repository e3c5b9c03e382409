"""boilerlint in data-set pipelines (docs/python.md has the recipes):

- :mod:`boilerlint.integrations.datatrove`: ``BoilerlintFilter`` drops documents with findings,
  ``BoilerlintFormatter`` removes what the fixes remove; both record per-rule counts in
  datatrove's stats;
- :mod:`boilerlint.integrations.hf`: ``DatasetsMap``, for Hugging Face ``datasets``'
  ``Dataset.map(..., batched=True)``;
- :mod:`boilerlint.integrations.dolma`: Dolma attributes (``boilerlint__<rule>`` spans), the
  lines ``boilerlint filter --attributes`` writes.

Each module imports its library only when it is imported itself.
"""

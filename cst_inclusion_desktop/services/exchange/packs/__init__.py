"""School packs: one school's record in a sealed zip, read defensively, checked row by row
against the one school its manifest names, and merged by UUID. Uses services.records,
services.safety, store and domain."""

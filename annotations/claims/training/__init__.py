"""Training and evaluation of the claims engine's models (needs scikit-learn).

Nothing at run time imports this package: `annotations.claims.scorer` reads the
model file that `python -m annotations.claims.training.train_scorer` writes.
"""

from __future__ import annotations

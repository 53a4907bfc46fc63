"""Qt views and controllers."""

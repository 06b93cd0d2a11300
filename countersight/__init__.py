"""countersight: structured, sourced, reviewable evidence from reports on North Korean state surveillance."""

__version__ = "0.1.0"

"""mentorkit: a shared workspace for research mentoring."""

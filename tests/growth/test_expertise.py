"""Whether an activity reaches beyond the mentors' expertise: how topics and keywords match."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorkit.growth.expertise import beyond, matches, matching, words
from mentorkit.growth.models import Activity


@pytest.mark.parametrize(
    "topic, keyword",
    [
        ("adaptive trial designs", "adaptive designs"),  # the keyword's words are all in the topic
        ("trial design", "trial designs"),  # plurals
        ("Trial-Design", "trial design"),  # case and punctuation
        ("  R programming ", "r programming"),
        ("design", "trial design"),  # the topic's words are all in the keyword
        ("Mixed models", "mixed-model"),
    ],
)
def test_a_topic_matches_a_keyword_when_the_words_of_one_contain_the_other(topic, keyword):
    assert matches(topic, keyword)


@pytest.mark.parametrize(
    "topic, keyword",
    [
        ("machine learning", "biostatistics"),
        ("adaptive trials", "trial design"),  # shares a word, but neither contains the other
        ("", "biostatistics"),
        ("---", "---"),  # nothing to compare
    ],
)
def test_unrelated_or_empty_topics_do_not_match(topic, keyword):
    assert not matches(topic, keyword)


def test_words_are_case_folded_split_on_punctuation_and_singular():
    assert words("Qualitative-Interviews, GIS & Focus_Groups") == {
        "qualitative",
        "interview",
        "gis",
        "focus",
        "group",
    }
    assert words("Meta-analysis process") == {"meta", "analysis", "process"}


def test_an_activity_is_beyond_when_no_topic_matches_any_keyword():
    keywords = ["biostatistics", "trial design"]
    assert beyond(["machine learning", "grant writing"], keywords)
    assert not beyond(["machine learning", "adaptive trial designs"], keywords)
    assert matching(["machine learning", "adaptive trial designs"], keywords) == ["trial design"]


def test_no_topics_is_never_beyond_and_no_keywords_makes_every_topic_beyond():
    assert not beyond([], ["biostatistics"])
    assert beyond(["biostatistics"], [])


text_with_a_word = st.text(min_size=1, max_size=40).filter(lambda t: words(t))


@given(text_with_a_word)
def test_a_topic_equal_to_a_keyword_always_matches(text):
    assert matches(text, text)
    assert not beyond([text], [text])


@given(text_with_a_word, text_with_a_word)
def test_matching_is_symmetric(topic, keyword):
    assert matches(topic, keyword) == matches(keyword, topic)


@given(st.booleans(), st.lists(text_with_a_word, max_size=3), st.lists(text_with_a_word))
def test_the_mentees_override_wins_over_the_computation(override, keywords, topics):
    activity = Activity(topics=", ".join(topics), beyond_override=override)
    assert activity.is_beyond(keywords) is override


def test_without_an_override_the_computation_decides():
    activity = Activity(topics="Causal inference, R", beyond_override=None)
    assert activity.topic_list == ["causal inference", "r"]
    assert activity.is_beyond(["biostatistics"])
    assert not activity.is_beyond(["causal inference methods"])

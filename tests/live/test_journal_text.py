"""A passing's journal payload is written as JSON text directly (`passing_payload_text`): it must
be `json.dumps` of the payload `input_to_json` gives (its kind left out, the client's id added),
for any passing, so the journal holds the same records as before and replays them the same."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from pitboard.live.inputs import ID_FIELD, input_to_json, passing_payload_text
from pitboard.model.passing import Loop, Passing

texts = st.text(max_size=10)  # any characters: quotes, backslashes, controls, beyond ASCII
passings = st.builds(
    Passing,
    timestamp=st.integers(min_value=-(2**62), max_value=2**63),
    loop=st.sampled_from(Loop),
    transponder=st.none() | texts,
    car=st.none() | texts,
    decoder=texts,
    number=st.none() | st.integers(min_value=-(2**40), max_value=2**40),
)


@settings(max_examples=500, deadline=None)
@given(passings, st.none() | texts)
def test_a_passings_payload_text_is_json_dumps_of_its_payload(
    passing: Passing, client_id: str | None
) -> None:
    payload = input_to_json(passing)
    del payload["kind"]
    if client_id:
        payload[ID_FIELD] = client_id
    text = passing_payload_text(passing, client_id)
    assert text == json.dumps(payload)
    assert json.loads(text) == payload


def test_a_plain_passing() -> None:
    passing = Passing(1_695_556_800_123_456, Loop.FINISH, "2000001", decoder="1001", number=17)
    assert passing_payload_text(passing) == (
        '{"timestamp_us": 1695556800123456, "loop": "finish", "transponder": "2000001", '
        '"number": 17, "decoder": "1001"}'
    )
    assert json.loads(passing_payload_text(passing, "p-1"))[ID_FIELD] == "p-1"

"""Red Steward's intake bot, as plain Python (no Flask, no database, no network, no clock).

Understanding — ``bots.understand``
    ``understand(text) -> Understanding`` (frozen): ``category`` (emergency, repair, dispute,
    complaint, inquiry, praise, other), ``building``/``unit``/``room`` normalised as
    docs/intake.md's labels say, ``phone`` (11 digits), ``skill`` (repair/emergency only, one of
    ``bots.skills.SKILLS``: plumbing, electrical, lift, access_control, gas, structure, drainage,
    appliance, general), ``in_home`` (inside a flat, so a room is needed), ``hazard``
    (emergency only: lift, gas, fire, flood, fall, trapped, injury) and ``choices`` (when the
    reader is unsure: the 2–4 categories to offer; ``unsure`` is True then).

    Emergencies come from the cue rules (``bots.lexicon``, ``bots.classify``), which know negation
    and mere fears; everything else from a calibrated linear model over jieba words and character
    1–3-grams (``bots.model``, shipped as ``bots/data/model.json``, rebuilt byte for byte from the
    labelled corpus ``bots/data/corpus/`` by ``python -m bots.train``).
    ``bots.estates.find_estate`` picks up an estate named in the message.

Evaluation — ``bots.evaluate``
    ``load_jsonl(path) -> list[dict]`` (ValueError naming the line on a bad line),
    ``evaluate(records) -> Report`` and ``format_report(report) -> str`` whose last line is
    ``category=0.xx location=0.xx phone=0.xx asked=0.xx misrouted=0.xx``. ``python -m bots.evaluate FILE.jsonl`` prints it.

Dialogue — ``bots.dialogue``
    ``step(state, incoming, ctx, now) -> Turn``. ``state`` is the JSON-ready dict of the last
    ``Turn.new_state`` (None to start; store None when the turn returns None); ``now`` is an aware
    UTC datetime. ``Incoming``, ``Context``, ``Home``, ``TicketLine``, ``Turn`` and the actions
    ``OpenTicket``, ``CancelTicket``, ``RateTicket``, ``ShowTickets``, ``RegisterHome`` live in
    ``bots.models``.

    The app executes ``Turn.actions`` in order, sends ``Turn.replies``, and then answers each action
    with a ``bots.messages`` function: ``ticket_opened(number, category)`` after OpenTicket,
    ``ticket_cancelled(number)`` after CancelTicket, ``ticket_list([(number, status), ...])`` for
    ShowTickets. RateTicket's reply is already in ``Turn.replies`` (``rating_reopened`` for a
    score of 2 or less, which the app reopens).

    When the reader is unsure, the bot first asks which kind of request it is
    (``messages.ask_category``: "您是要：1 报修 2 投诉物业 …"), takes "2" or "报修" as the answer,
    and goes on with the category picked. Repairs, disputes and complaints are read back and opened on "1". Emergencies are opened at
    once, after the safety advice. Inquiries and praise are opened at once too, without questions:
    the app routes them (inquiry to the firm's service desk, praise to the people named), and
    ``ticket_opened`` gives each its own line. Greetings and chit-chat get ``messages.HELP``.

Every sentence said to a resident is in ``bots.messages``.
"""

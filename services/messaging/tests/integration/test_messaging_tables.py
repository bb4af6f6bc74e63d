"""The migrations and the ORM say the same: a migrated database has every table and column the
service's SQLAlchemy tables name (adapters/orm.py is kept in step with migrations/ by hand), on
SQLite and PostgreSQL; and what the repositories write they read back unchanged."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import sqlalchemy as sa

from messaging_world import MessagingWorld
from webcert_messaging.adapters import orm
from webcert_messaging.bootstrap import prepare
from webcert_messaging.domain.question import ANSWERED, Answer, AnswerDraft, Handling, QuestionDraft


def test_a_migrated_database_has_the_orm_tables_and_columns(messaging_engine):
    inspector = sa.inspect(messaging_engine)
    tables = set(inspector.get_table_names())
    for table in orm.metadata.sorted_tables:
        assert table.name in tables, table.name
        migrated = {c["name"]: c for c in inspector.get_columns(table.name)}
        assert set(migrated) == set(table.columns.keys()), table.name
        for column in table.columns:
            assert migrated[column.name]["nullable"] == column.nullable, f"{table.name}.{column.name}"
    assert "alembic_version_messaging" in tables


def test_prepare_twice_changes_nothing(messaging_config, messaging_engine):
    prepare(messaging_config)
    assert "question" in sa.inspect(messaging_engine).get_table_names()


def test_a_question_with_its_answer_and_handling_reads_back_unchanged(messaging_services):
    world_clock = messaging_services.clock
    world = MessagingWorld(messaging_services, world_clock)
    record = world.certificate()
    question = world.fk_question(record, "KOMPLETTERING", "Komplettera",
                                 references=(("1", "Beskriv funktionsnedsättningen."), ("35", "Ange period.")))
    now = world_clock.now()
    by = {"id": "TSTNMT2321000156-1001", "name": "Ingrid Holm"}
    changed = replace(question, answer=Answer("Ingen kan ansvara.", "unit", now, by, no_one_responsible=True),
                      answer_draft=AnswerDraft("utkast", by, now - timedelta(minutes=1)),
                      handling=Handling(ANSWERED, now, by, question.id), forwarded=True)
    with messaging_services.uow() as uow:
        uow.questions.update(changed)
        uow.commit()
    assert world.question(question.id) == changed
    assert world.record(record.id) == record


def test_a_records_patient_and_the_question_draft_read_back_unchanged(messaging_services):
    """Migration 0002: certificate.signed v2's patient and signer; the unit's autosaved question."""
    world = MessagingWorld(messaging_services, messaging_services.clock)
    record = world.certificate(patient_id="19121212-1212", signed_by="TSTNMT2321000156-1001")
    assert world.record(record.id) == record
    by = {"id": "TSTNMT2321000156-1001", "name": "Ingrid Holm"}
    draft = QuestionDraft(record.id)
    draft.save("Vi undrar", "KONTAKT", by, messaging_services.clock.now())
    with messaging_services.uow() as uow:
        uow.question_drafts.save(draft)
        uow.commit()
    draft.save("Vi undrar om", None, by, messaging_services.clock.now() + timedelta(seconds=1))
    with messaging_services.uow() as uow:
        uow.question_drafts.save(draft)   # the second save replaces the first
        uow.commit()
    with messaging_services.uow() as uow:
        assert uow.question_drafts.get(record.id) == draft
        uow.question_drafts.delete(record.id)
        uow.commit()
    with messaging_services.uow() as uow:
        assert uow.question_drafts.get(record.id) is None

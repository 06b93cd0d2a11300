"""The learned layers: the linear models, training, the shipped model, learning from reviews."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from countersight import review
from countersight.analysis.evaluate import quote_overlap, read_gold
from countersight.analysis.quality import HELDOUT, SAMPLES, measure
from countersight.cli import cli
from countersight.ingest.readers import iter_reports
from countersight.ingest.service import ingest
from countersight.learn.bundle import SHIPPED_DIR, ExtractorModel, load_config, load_model
from countersight.learn.linear import LinearModel, TypesTogether, calibrated, fit, fit_together, matrix, platt
from countersight.learn.train import Examples, build_model, corpus_digest, read_annotated, save_model, train
from countersight.model import RawReport
from countersight.pipeline.factories import DEFAULT_PIPELINE, NO_MODEL, build_pipeline
from countersight.pipeline.extract import RULES_VERSION
from countersight.settings import load_settings
from countersight.store import open_store

GOLD = read_gold(SAMPLES[1])
DOCUMENTS = sorted({e.document for e in GOLD.events})


def _subset(tmp_path: Path, documents: set[str], name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for f in SAMPLES[0].iterdir():
        if f.stem in documents:
            shutil.copy(f, folder / f.name)
    return folder


# -- linear models -------------------------------------------------------------------
def test_linear_model_learns_saves_and_loads_without_pickle(tmp_path):
    examples = [["w:arrest", "w:agents"], ["w:weather"], ["w:arrest"], ["w:rain"]] * 5
    labels = [{"arrest"}, set(), {"arrest"}, set()] * 5
    model = fit(matrix(examples, 1024), labels, ["arrest", "defection"], c=1.0, seed=0)
    assert model.probabilities(["w:arrest"])["arrest"] > 0.5 > model.probabilities(["w:rain"])["arrest"]
    assert model.probabilities(["w:arrest"])["defection"] < 0.01  # a label never seen is never predicted
    model.save(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz", allow_pickle=False) as data:
        assert sorted(data.files) == ["bias", "columns", "labels", "n_features", "values"]
    loaded = LinearModel.load(tmp_path / "m.npz")
    assert np.array_equal(loaded.weights, model.weights) and loaded.labels == ["arrest", "defection"]
    assert model.probability_matrix(matrix([["w:arrest"]], 1024))[0, 0] == pytest.approx(
        model.probabilities(["w:arrest"])["arrest"], abs=1e-5)


def test_the_second_reading_learns_which_types_go_together_and_saves_without_pickle(tmp_path):
    # Sentences whose first reading is sure of a directive and leans a little to
    # surveillance hold both (an order and its content); a lean alone holds nothing.
    labels = ["directive", "surveillance", "arrest"]
    rng = np.random.default_rng(0)
    rows, truth = [], []
    for _ in range(200):
        directive, lean = rng.random() < 0.5, rng.random() < 0.5
        rows.append([0.9 if directive else 0.05, 0.3 if lean else 0.02, 0.02])
        truth.append([directive, directive and lean, False])
    first, truth = np.array(rows), np.array(truth, dtype=np.int8)
    ruled = np.zeros_like(truth, dtype=bool)
    together = fit_together(first, ruled, truth, labels, c=1.0, seed=0)
    assert together.probabilities({"directive": 0.9, "surveillance": 0.3}, set())["surveillance"] > 0.5
    assert together.probabilities({"directive": 0.05, "surveillance": 0.3}, set())["surveillance"] < 0.5
    assert together.probabilities({"directive": 0.9, "surveillance": 0.3}, set())["arrest"] < 0.01  # never seen
    together.save(tmp_path / "t.npz")
    with np.load(tmp_path / "t.npz", allow_pickle=False) as data:
        assert sorted(data.files) == ["bias", "labels", "weights"]
    loaded = TypesTogether.load(tmp_path / "t.npz")
    assert loaded.labels == labels and np.array_equal(loaded.weights, together.weights)
    np.savez(tmp_path / "bad.npz", labels=np.array(labels), weights=np.zeros((3, 2)), bias=np.zeros(3))
    with pytest.raises(ValueError, match="bad.npz: weights of shape"):
        TypesTogether.load(tmp_path / "bad.npz")


def test_the_shipped_model_reads_the_types_twice():
    model = load_model()
    assert model.together is not None and model.together.labels == list(model.types.labels)
    assert (SHIPPED_DIR / "types_together.npz").is_file()


def test_calibration_maps_probabilities_monotonically():
    params = {"logit": 0.8, "ruled": 0.3, "bias": -0.2}
    values = [calibrated(p, True, params) for p in (0.1, 0.3, 0.5, 0.7, 0.9)]
    assert values == sorted(values) and all(0 < v < 1 for v in values)
    assert calibrated(0.42, False, None) == 0.42
    # A model with a second reading states confidence from the first reading's probability too;
    # a model without one (no "first" weight) ignores it.
    with_first = {**params, "first": 0.5}
    assert calibrated(0.5, True, with_first, 0.9) > calibrated(0.5, True, with_first, 0.1)
    assert calibrated(0.5, True, params, 0.9) == calibrated(0.5, True, params, 0.1) == calibrated(0.5, True, params)


def test_calibration_fitted_with_the_first_reading_weighs_it():
    rng = np.random.default_rng(0)
    second = rng.uniform(0.05, 0.95, 400)
    first = rng.uniform(0.05, 0.95, 400)
    truth = (rng.uniform(size=400) < first).astype(int)  # only the first reading tells here
    ruled = np.ones(400, dtype=bool)
    params = platt(second, ruled, truth, seed=0, first=first)
    assert params["first"] > 0.5 > abs(params["logit"])
    assert "first" not in platt(second, ruled, truth, seed=0)


# -- training -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample_items():
    return read_annotated(SAMPLES[0], SAMPLES[1], "samples")


def test_training_is_deterministic_and_meta_names_its_data(sample_items, tmp_path):
    sources = [{"kind": "gold", "path": "gold.jsonl", "sha256": "abc"}]
    first = train(sample_items[:15], sources=sources)
    second = train(sample_items[:15], sources=sources)
    for task in ("types", "perpetrators", "targets"):
        assert np.array_equal(getattr(first, task).weights, getattr(second, task).weights)
    assert first.version == second.version
    assert first.meta["trained_on"] == sources
    assert first.meta["examples"]["reports"] == 15
    first.save(tmp_path / "model")
    assert ExtractorModel.load(tmp_path / "model").meta == first.meta


def test_the_types_are_read_together_only_from_enough_reports(sample_items, tmp_path):
    config = load_config()
    small = train(sample_items[:15], config)
    assert small.together is None and small.meta["types_read_together"] is False
    config["types"]["together_min_reports"] = 10
    read_twice = train(sample_items[:15], config)
    assert read_twice.together is not None and read_twice.meta["types_read_together"] is True
    assert train(sample_items[:15], config).version == read_twice.version != small.version
    read_twice.save(tmp_path / "model")
    assert ExtractorModel.load(tmp_path / "model").together.labels == read_twice.together.labels
    # Retrained into the same folder without it, the folder holds no stale second reading.
    small.save(tmp_path / "model")
    assert ExtractorModel.load(tmp_path / "model").together is None


def test_examples_round_trip_and_retrain_identically(sample_items, tmp_path):
    config = load_config()
    examples = Examples()
    for item in sample_items[:10]:
        examples.add(item, config)
    examples.save(tmp_path / "examples.npz", config)
    loaded = Examples.load(tmp_path / "examples.npz", config)
    assert loaded.counts() == examples.counts() and loaded.report_of == examples.report_of
    from countersight.learn.train import fit as fit_examples

    assert np.array_equal(fit_examples(loaded, config).types.weights, fit_examples(examples, config).types.weights)


def test_a_model_retrained_into_the_same_folder_is_read_afresh(sample_items, tmp_path):
    import os

    directory = tmp_path / "model"
    train(sample_items[:8]).save(directory)
    first = load_model(directory)
    assert load_model(directory) is first  # read once while it stays the same
    train(sample_items[:15]).save(directory)
    # Same second on a coarse clock: the size or a later stamp still tells them apart.
    stat = (directory / "meta.json").stat()
    os.utime(directory / "meta.json", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    second = load_model(directory)
    assert second.version != first.version
    assert second.meta["examples"]["reports"] == 15


def test_a_damaged_model_folder_is_a_clear_error(tmp_path):
    from countersight.errors import InputError

    with pytest.raises(InputError, match="nope: no such model folder"):
        ExtractorModel.load(tmp_path / "nope")
    truncated = tmp_path / "truncated"
    shutil.copytree(SHIPPED_DIR, truncated)
    (truncated / "types.npz").write_bytes((truncated / "types.npz").read_bytes()[:100])
    with pytest.raises(InputError, match="truncated: cannot read the model"):
        ExtractorModel.load(truncated)
    foreign = tmp_path / "foreign"
    shutil.copytree(SHIPPED_DIR, foreign)
    (foreign / "meta.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InputError, match="must each hold a JSON object"):
        ExtractorModel.load(foreign)


def test_meta_names_the_reports_text_it_learned_from():
    model, _ = build_model([SAMPLES], base="none")
    (source,) = model.meta["trained_on"]
    reports = [r for r in iter_reports([SAMPLES[0]]) if r.document in set(read_gold(SAMPLES[1]).documents)]
    assert source["corpus_sha256"] == corpus_digest(reports) != corpus_digest(reports[1:])


# -- the shipped model and the pipeline ------------------------------------------------
def test_shipped_model_is_in_the_package_and_small():
    model = load_model()
    assert model is not None, "run `make model`"
    size = sum(p.stat().st_size for p in SHIPPED_DIR.iterdir())
    assert size < 8_000_000
    assert {s["kind"] for s in model.meta["trained_on"]} == {"gold"}
    assert all(len(s["sha256"]) == 64 for s in model.meta["trained_on"])


def test_default_pipeline_has_the_learned_layers_and_records_the_extractor():
    assert DEFAULT_PIPELINE == ("segment", "topic", "sentences", "source", "rulers", "types", "assemble", "roles",
                                "places")
    assert load_model().places is not None
    text = ("A source in Ryanggang Province told Daily NK that state security agents arrested two brokers "
            "in Hyesan last week. The brokers were sent to a labor camp.")
    report = RawReport("r", text, "r.txt", "txt")
    learned = build_pipeline()(report)
    rules = build_pipeline(model=NO_MODEL)(report)
    assert {e.extractor for e in learned.events} == {load_model().extractor}
    assert {e.extractor for e in rules.events} == {RULES_VERSION}
    assert [e.type for e in rules.events] == ["arrest", "sentencing"]
    assert "arrest" in {e.type for e in learned.events}
    assert set(learned.spans) >= {"triggers", "agencies", "groups", "places", "dates", "measures", "mentions"}
    assert [s.label for s in learned.spans["agencies"]] == ["mss"]
    assert all(0.0 <= e.confidence <= 1.0 for e in learned.events)


def test_a_sentence_holding_no_event_yields_none_with_the_model():
    report = RawReport("r", "North Korea held a party congress in Pyongyang, state media said.", "r.txt", "txt")
    assert build_pipeline()(report).events == []


def _types_leaning(tmp_path: Path, probabilities: dict[str, float], directive_content: float) -> str:
    """The shipped model with a types layer that says ``probabilities`` whatever the sentence."""
    shipped = load_model()
    labels = list(shipped.types.labels)
    bias = np.array([np.log(p / (1 - p)) for p in (probabilities.get(t, 0.001) for t in labels)], dtype=np.float32)
    types = LinearModel(labels, np.zeros((len(labels), 8), dtype=np.float32), bias)
    config = {**shipped.config, "types": {**shipped.config["types"], "directive_content": directive_content}}
    folder = tmp_path / f"model-{directive_content}"
    ExtractorModel(types, shipped.perpetrators, shipped.targets, config, shipped.meta, places=shipped.places).save(folder)
    return str(folder)


def test_a_directive_gets_the_type_of_its_content_as_well(tmp_path):
    # EVENTS.md: the content of an order gets its own type when the same sentence spells it
    # out; the rulers found only the order, the model leans (0.2) to surveillance.
    text = "The Ministry of State Security issued an order to all provincial bureaus last month, a source told Daily NK."
    report = RawReport("r", text, "r.txt", "txt")
    assert [e.type for e in build_pipeline(model=NO_MODEL)(report).events] == ["directive"]
    leaning = {"directive": 0.9, "surveillance": 0.2, "arrest": 0.05}
    assert [e.type for e in build_pipeline(model=_types_leaning(tmp_path, leaning, 0.1))(report).events] == [
        "directive", "surveillance"]
    assert [e.type for e in build_pipeline(model=_types_leaning(tmp_path, leaning, 0.3))(report).events] == [
        "directive"]
    # A sentence holding a content type already is left as it is.
    both = {"directive": 0.9, "surveillance": 0.6, "arrest": 0.2}
    assert [e.type for e in build_pipeline(model=_types_leaning(tmp_path, both, 0.1))(report).events] == [
        "directive", "surveillance"]


def _perpetrators_leaning(tmp_path: Path, probabilities: dict[str, float]) -> str:
    """The shipped model with a perpetrators layer that says ``probabilities`` whatever the event."""
    shipped = load_model()
    labels = list(shipped.perpetrators.labels)
    bias = np.array([np.log(p / (1 - p)) for p in (probabilities.get(a, 0.001) for a in labels)], dtype=np.float32)
    perpetrators = LinearModel(labels, np.zeros((len(labels), 8), dtype=np.float32), bias)
    folder = tmp_path / ("perpetrators-" + "-".join(sorted(probabilities)))
    ExtractorModel(shipped.types, perpetrators, shipped.targets, shipped.config, shipped.meta,
                   places=shipped.places, together=shipped.together).save(folder)
    return str(folder)


def test_a_court_stands_for_the_state_alone_beside_the_authorities(tmp_path):
    # EVENTS.md: a formal court sentence takes `courts`; `authorities` only when no agency is
    # named. Beside another agency the model's "authorities" is kept (annotators write both).
    text = ("A North Korean man in Hyesan was sentenced to 15 years of hard labour for selling Chinese phones, "
            "a source in Ryanggang Province told Daily NK.")
    report = RawReport("r", text, "r.txt", "txt")
    court = build_pipeline(model=_perpetrators_leaning(tmp_path, {"authorities": 0.9, "courts": 0.8}))(report)
    assert [(e.type, e.perpetrators) for e in court.events] == [("sentencing", ["courts"])]
    agents = build_pipeline(model=_perpetrators_leaning(tmp_path, {"authorities": 0.9, "mss": 0.8}))(report)
    assert [(e.type, e.perpetrators) for e in agents.events] == [("sentencing", ["authorities", "mss"])]


# -- learning from analysts' reviews -------------------------------------------------
def review_as_gold(store, documents: set[str]) -> dict[str, int]:
    """An analyst who agrees with the gold file: edits what the machine got right to the
    gold's roles, rejects the rest, adds what it missed."""
    counts = {"edited": 0, "rejected": 0, "added": 0}
    for document in documents:
        golds = [e for e in GOLD.events if e.document == document]
        used: set[int] = set()
        for event in store.events_of_report(document):
            match = next((g for g in golds if id(g) not in used and g.type == event.type
                          and quote_overlap(g, event) >= 0.5), None)
            if match is None:
                review.reject(store, event.id, "ana", "not what the report says")
                counts["rejected"] += 1
                continue
            used.add(id(match))
            review.edit(store, event.id, "ana", {"perpetrators": match.perpetrators, "targets": match.targets})
            counts["edited"] += 1
        for g in golds:
            if id(g) not in used:
                review.add(store, document, "ana", {"type": g.type, "perpetrators": g.perpetrators,
                                                    "targets": g.targets,
                                                    "evidence": {"start": g.evidence.start, "end": g.evidence.end}})
                counts["added"] += 1
    return counts


def test_reviews_teach_a_model_that_does_better_on_held_out_reports(tmp_path):
    reviewed = set(DOCUMENTS[:20])
    corpus = _subset(tmp_path, reviewed, "reviewed")
    store = open_store(str(tmp_path / "reviews.db"))
    ingest([corpus], store, load_settings({"model": NO_MODEL}, environ={}))
    counts = review_as_gold(store, reviewed)
    assert counts["edited"] > 100 and counts["rejected"] > 10 and counts["added"] > 10
    model, examples = build_model((), store, base="none")
    store.close()
    save_model(model, examples, tmp_path / "model")
    [source] = model.meta["trained_on"]
    assert source["kind"] == "reviews" and source["reports"] == 20 and source["rejected"] == counts["rejected"]

    # Scored on the held-out samples, which neither the rules nor this model ever saw.
    rules = measure(HELDOUT / "reports", HELDOUT / "gold.jsonl", NO_MODEL)
    learned = measure(HELDOUT / "reports", HELDOUT / "gold.jsonl", str(tmp_path / "model"))
    # Targets are read from context, which the rules do least well: twenty reviewed
    # reports add 0.04 there. Perpetrators the widened agency vocabulary already finds
    # (the rules rose from 0.69 to 0.72 here), and reviews alone keep up with it; the
    # roles together are better learned than ruled.
    assert learned.targets.f1 >= rules.targets.f1 + 0.03
    assert learned.perpetrators.f1 >= rules.perpetrators.f1 - 0.02
    assert learned.targets.f1 + learned.perpetrators.f1 >= rules.targets.f1 + rules.perpetrators.f1 + 0.02
    assert learned.mentions.f1 >= rules.mentions.f1 - 0.02


# -- the command line -----------------------------------------------------------------
def test_train_command_writes_a_model_that_ingest_and_reextract_use(tmp_path):
    corpus = _subset(tmp_path, set(DOCUMENTS[:12]), "few")
    runner = CliRunner()
    result = runner.invoke(cli, ["train", "--base", "none", "--gold", str(corpus), str(SAMPLES[1]),
                                 "-o", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert f"written to {tmp_path / 'm'}" in result.output
    meta = json.loads((tmp_path / "m" / "meta.json").read_text())
    assert meta["trained_on"][0]["reports"] == 12
    db = str(tmp_path / "x.db")
    result = runner.invoke(cli, ["ingest", str(corpus), "--db", db, "--model", str(tmp_path / "m"), "-q"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["reextract", "--db", db, "--model", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output


def test_model_command_says_which_extractor_and_what_it_learned_from(tmp_path):
    runner = CliRunner()
    shipped = load_model()
    lines = runner.invoke(cli, ["model"], env={"COUNTERSIGHT_MODEL": ""}).output.splitlines()
    assert lines[0] == f"extractor  {shipped.extractor} (what every event it makes records)"
    assert lines[1] == f"model      {shipped.version}, shipped with countersight: {SHIPPED_DIR}"
    gold = [s for s in shipped.meta["trained_on"] if s["kind"] == "gold"]
    assert [line for line in lines if line.startswith("  gold file")] == [
        f"  gold file {s['path']} (sha256 {s['sha256'][:12]}): {s['reports']} reports, {s['mentions']} mentions"
        for s in gold]
    assert "types      read twice: a second reading weighs the twelve types together" in lines
    result = runner.invoke(cli, ["model", "--model", "none"])
    assert (result.exit_code, result.output) == (0, f"extractor  {RULES_VERSION}: the rules alone, no learned layers\n")
    # A model retrained from the shipped examples names them, and what they learned from, in turn.
    corpus = _subset(tmp_path, set(DOCUMENTS[:5]), "few")
    assert runner.invoke(cli, ["train", "--gold", str(corpus), str(SAMPLES[1]), "-o", str(tmp_path / "m")]).exit_code == 0
    result = runner.invoke(cli, ["model", "--model", str(tmp_path / "m"), "--json"])
    info = json.loads(result.output)
    assert info["extractor"].startswith(f"{RULES_VERSION}+model-") and info["model"]["shipped"] is False
    assert [s["kind"] for s in info["model"]["trained_on"]] == ["base", "gold"]
    assert info["model"]["trained_on"][0]["model"] == shipped.version
    assert [s["kind"] for s in info["model"]["trained_on"][0]["trained_on"]] == ["gold"] * len(gold)
    lines = runner.invoke(cli, ["model", "--model", str(tmp_path / "m")]).output.splitlines()
    base = lines.index(f"  the examples of model {shipped.version} ({SHIPPED_DIR / 'examples.npz'}), which learned from:")
    assert lines[base + 1].startswith("    gold file ")
    result = runner.invoke(cli, ["model", "--model", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_train_command_refuses_nothing_to_learn_from(tmp_path):
    result = CliRunner().invoke(cli, ["train", "--base", "none", "-o", str(tmp_path / "m")])
    assert result.exit_code != 0
    assert "nothing to learn from" in result.output


def test_train_command_warns_when_the_database_holds_no_reviews(tmp_path):
    db = tmp_path / "none-reviewed.db"
    open_store(str(db)).close()
    gold = _subset(tmp_path, set(DOCUMENTS[:3]), "three")
    result = CliRunner().invoke(cli, ["train", "--base", "none", "--db", str(db), "--gold", str(gold), str(SAMPLES[1]),
                                      "-o", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert f"warning: {db} holds no reviewed events yet: this model learned nothing from it" in result.output


def test_evaluate_folds_cross_validates_against_the_rules(tmp_path):
    corpus = _subset(tmp_path, set(DOCUMENTS[:12]), "few")
    result = CliRunner().invoke(cli, ["evaluate", str(SAMPLES[1]), "--corpus", str(corpus), "--folds", "3", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output[result.output.index("{"):])
    assert figures["folds"] == 3 and figures["reports"] == 12 and figures["by"] == "report"
    assert 0 < figures["model"]["mentions"]["f1"] <= 1 and 0 < figures["rules"]["mentions"]["f1"] <= 1
    assert figures["calibration"]["model"]


def test_evaluate_folds_needs_a_corpus():
    result = CliRunner().invoke(cli, ["evaluate", str(SAMPLES[1]), "--folds", "3"])
    assert result.exit_code != 0 and "--corpus" in result.output


def test_a_reports_batch_is_its_id_prefix_whatever_the_gold_file_is_called(tmp_path):
    corpus = _subset(tmp_path, {"dnk-musan-public-trial", "rfa-sinuiju-phone-lectures"}, "two")
    assert sorted(i.batch for i in read_annotated(corpus, SAMPLES[1], "samples")) == ["dnk", "rfa"]
    # A corpus trained on whole keeps one batch, named as asked.
    assert {i.batch for i in read_annotated(corpus, SAMPLES[1], "samples", batch="samples")} == {"samples"}


def test_a_model_knows_the_gold_files_it_learned_from_also_through_its_base():
    shipped = load_model()
    samples = hashlib.sha256(SAMPLES[1].read_bytes()).hexdigest()
    assert shipped.learned_from(samples)
    assert not shipped.learned_from(hashlib.sha256((HELDOUT / "gold.jsonl").read_bytes()).hexdigest())
    retrained = ExtractorModel(shipped.types, shipped.perpetrators, shipped.targets, shipped.config, meta={
        "trained_on": [{"kind": "base", "sha256": "examples", "trained_on": shipped.meta["trained_on"]},
                       {"kind": "reviews", "sha256": samples}]})  # a reviews digest is not a gold file's
    assert retrained.learned_from(samples)
    assert not ExtractorModel(shipped.types, shipped.perpetrators, shipped.targets, shipped.config, meta={
        "trained_on": [{"kind": "reviews", "sha256": samples}]}).learned_from(samples)


def test_place_candidates_are_what_an_analyst_weighs():
    from countersight.learn.features import LayerIndex
    from countersight.learn.places import candidates

    text = ("A source in North Hamgyong Province told Daily NK that security agents in Hyesan arrested two "
            "brokers. They had helped people cross into China.")
    doc = build_pipeline(model=NO_MODEL)(RawReport("r", text, "r.txt", "txt"))
    arrest = next(e for e in doc.events if e.type == "arrest")
    found = {c.key: c.kinds for c in candidates(doc, LayerIndex(doc), 0, arrest)}
    assert found[("KP", "KP-10")] >= {"rule", "here:at"}  # Hyesan, where the arrest happened
    assert "source" in found[("KP", "KP-09")]  # the source's province
    assert found[("KP", None)] == {"kp_country"}


def test_the_place_model_weighs_whose_act_it_is():
    from countersight.learn.features import LayerIndex
    from countersight.learn.places import candidate_features, candidates

    text = ("North Korea keeps its construction workers in Russia under tight control, and the Ministry of "
            "State Security watches them. Last month three of the workers fled their dormitory in Vladivostok "
            "and defected to South Korea, a source told RFA.")
    doc = build_pipeline()(RawReport("r", text, "r.txt", "txt"))
    # A defection is placed where the flight started (EVENTS.md conventions).
    assert [(e.type, e.targets, e.location.country) for e in doc.events if e.type == "defection"] == [
        ("defection", ["overseas_workers"], "RU"),
    ]
    # Each place candidate of the watching is read with whose act it is and against whom.
    [watch] = [e for e in doc.events if e.type == "surveillance"]
    features = {c.key: candidate_features(LayerIndex(doc), 0, watch, c) for c in candidates(doc, LayerIndex(doc), 0, watch)}
    assert {"target:overseas_workers|abroad", "perpetrator:mss|abroad"} <= set(features[("RU", None)])
    assert {"target:overseas_workers|KP", "perpetrator:mss|KP"} <= set(features[("KP", None)])


def test_the_act_tells_the_perpetrator_but_not_the_target():
    from countersight.learn.components import perpetrator_features, target_features
    from countersight.learn.features import LayerIndex

    text = "North Korea executed a former minister in Pyongyang last month, a source in North Korea said."
    doc = build_pipeline(model=NO_MODEL)(RawReport("r", text, "r.txt", "txt"))
    [event] = doc.events
    assert event.type == "sentencing"
    perpetrators = set(perpetrator_features(LayerIndex(doc), 0, event))
    targets = set(target_features(LayerIndex(doc), 0, event, doc.dominant))
    # No ruler names the army here, yet "executed" speaks of who may have done it ...
    assert "kpa|t:executed" in perpetrators and "kpa|w:former" not in perpetrators
    # ... while a group nobody names is never chosen on the verb.
    assert not any(f.startswith("brokers|t:") for f in targets)


def test_reextract_with_the_model_keeps_what_analysts_reviewed(tmp_path):
    from countersight.ingest.service import reextract

    corpus = _subset(tmp_path, set(DOCUMENTS[:4]), "four")
    store = open_store(str(tmp_path / "r.db"))
    try:
        ingest([corpus], store, load_settings({"model": NO_MODEL}, environ={}))
        events = store.list_events(limit=None)
        assert {e.extractor for e in events} == {RULES_VERSION}
        edited, rejected, confirmed = events[0], events[1], events[2]
        review.edit(store, edited.id, "ana", {"perpetrators": ["other:test_unit"], "targets": ["traders"]})
        review.reject(store, rejected.id, "ana", "not an event")
        review.confirm(store, confirmed.id, "ana")
        store_before_confirmed = store.get_event(confirmed.id).to_dict()
        assert store_before_confirmed["extractor"] == RULES_VERSION
        reextract(store)  # the shipped model now
        after = {e.id: e for d in sorted({e.document for e in events}) for e in store.events_of_report(d)}
        assert (after[edited.id].perpetrators, after[edited.id].targets) == (["other:test_unit"], ["traders"])
        assert after[edited.id].status == "edited" and after[rejected.id].status == "rejected"
        # Confirmed as the rules made it: every value is the analyst's, the provenance stays.
        assert after[confirmed.id].to_dict() == store_before_confirmed
        machine = [e for e in after.values() if e.status == "unreviewed"]
        assert machine and {e.extractor for e in machine} == {load_model().extractor}
    finally:
        store.close()

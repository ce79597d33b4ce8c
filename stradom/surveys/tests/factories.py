"""A small questionnaire and microdata generated with known properties, for the tests."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from stradom.surveys.models import Question, Survey, Wave


def questionnaire(world) -> Survey:
    survey = Survey.objects.create(
        code="jz",
        name_pl="Badanie jakości życia",
        name_en="Quality of life survey",
        territory=world.city,
        population="mieszkańcy 18+",
    )
    Question.objects.create(
        survey=survey,
        code="TRANSPORT",
        text_pl="Jak ocenia Pan/Pani komunikację publiczną?",
        scale_min=1,
        scale_max=5,
        value_labels={"1": "bardzo źle", "5": "bardzo dobrze", "9": "trudno powiedzieć"},
        missing_codes=[9],
        order=1,
    )
    Question.objects.create(
        survey=survey,
        code="RECOMMEND",
        text_pl="Czy poleciłby Pan/Pani Kraków znajomym? (0–10)",
        scale_min=0,
        scale_max=10,
        order=2,
    )
    return survey


def wave(survey, year=2024, code=None, **kwargs) -> Wave:
    return Wave.objects.create(
        survey=survey, code=code or f"jz-{year}", year=year, mode="face_to_face", **kwargs
    )


def microdata(n=400, seed=1, small_district_n=20):
    """Rows (id, weight, district, sex, age, TRANSPORT, RECOMMEND) with known shares.

    District 01 has ``small_district_n`` respondents, the rest are in district 02.
    Women are oversampled two to one and weighted down, so weights matter.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        district = "1261011-01" if i < small_district_n else "1261011-02"
        sex = "K" if rng.random() < 2 / 3 else "M"
        weight = 0.75 if sex == "K" else 1.5
        age = ["18-34", "35-59", "60+"][int(rng.integers(0, 3))]
        satisfied = rng.random() < (0.6 if sex == "K" else 0.3)
        transport = int(rng.integers(4, 6)) if satisfied else int(rng.integers(1, 4))
        if rng.random() < 0.05:
            transport = 9
        recommend = int(rng.integers(0, 11))
        rows.append([f"R{i + 1:04d}", weight, district, sex, age, transport, recommend])
    return rows


HEADER = ["id", "waga", "dzielnica", "płeć", "wiek", "TRANSPORT", "RECOMMEND"]


def write_csv(path: Path, rows, header=HEADER, *, decimal_comma=True) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(header)
        for row in rows:
            comma = decimal_comma
            writer.writerow(
                [str(c).replace(".", ",") if comma and isinstance(c, float) else c for c in row]
            )
    return path

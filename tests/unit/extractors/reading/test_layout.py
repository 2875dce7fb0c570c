"""Reading order from word boxes: gutters only between prose columns, tables read by row."""

from __future__ import annotations

from extractors.reading.layout import CELL_JOIN, Word, find_gutter, reading_order, rows


def _line(x0: float, x1: float, top: float, label: str, n: int = 6, size: float = 10.0) -> list[Word]:
    """``n`` words spread evenly over x0..x1 on one row, ``label0 label1 ...``."""
    step = (x1 - x0) / n
    return [Word(x0 + k * step, x0 + (k + 1) * step - 3, top, top + size, f"{label}{k}", size) for k in range(n)]


def _column(x0: float, x1: float, first_top: float, label: str, lines: int) -> list[Word]:
    return [w for i in range(lines) for w in _line(x0, x1, first_top + 12 * i, f"{label}{i}w")]


def _texts(words: list[Word]) -> list[str]:
    return [ln.text for ln in reading_order(words)]


def test_gutter_is_found_between_two_columns_of_prose() -> None:
    words = _column(50, 250, 100, "L", 10) + _column(280, 540, 100, "R", 10)
    gutter = find_gutter(rows(words))
    assert gutter is not None and 250 <= gutter <= 280
    assert find_gutter(rows(_column(50, 540, 100, "F", 10))) is None


def test_columns_are_read_one_after_the_other_under_a_full_width_title() -> None:
    title = _line(50, 540, 60, "T", n=8, size=14)
    texts = _texts(title + _column(50, 250, 100, "L", 8) + _column(280, 540, 100, "R", 8))
    assert texts[0].startswith("T0")
    assert [t.split()[0] for t in texts[1:]] == [f"L{i}w0" for i in range(8)] + [f"R{i}w0" for i in range(8)]


def test_three_columns_are_read_in_order() -> None:
    words = _column(50, 210, 100, "A", 8) + _column(230, 390, 100, "B", 8) + _column(410, 570, 100, "C", 8)
    firsts = [t.split()[0] for t in _texts(words)]
    assert firsts == [f"{c}{i}w0" for c in "ABC" for i in range(8)]


def test_a_table_is_read_row_by_row_with_its_cells_on_one_line() -> None:
    names = ["Police", "Childline", "NSPCC helpline", "CEOP", "Samaritans", "Local authority", "Report"]
    numbers = ["101", "0800 1111", "0808 800 5000", "ceop.police.uk", "116 123", "01384 813 200", "www"]
    words: list[Word] = []
    for i, (name, number) in enumerate(zip(names, numbers, strict=True)):
        top = 100 + 14 * i
        x = 50.0
        for token in name.split():
            words.append(Word(x, x + 6 * len(token), top, top + 10, token, 10))
            x += 6 * len(token) + 3
        x = 300.0
        for token in number.split():
            words.append(Word(x, x + 6 * len(token), top, top + 10, token, 10))
            x += 6 * len(token) + 3
    lines = reading_order(words)
    assert [ln.text for ln in lines] == [f"{n}{CELL_JOIN}{v}" for n, v in zip(names, numbers, strict=True)]
    assert all(ln.table for ln in lines)


def test_a_grid_of_short_cells_is_not_split_into_columns() -> None:
    words = [Word(50 + 90 * c, 80 + 90 * c, 100 + 14 * r, 110 + 14 * r, f"T{r}-C{c}", 10)
             for r in range(6) for c in range(5)]
    lines = _texts(words)
    assert lines[0] == CELL_JOIN.join(f"T0-C{c}" for c in range(5))
    assert len(lines) == 6


def test_a_word_space_in_a_title_is_never_a_gutter() -> None:
    # "International Passenger": a normal space falls where the columns' gutter is
    title = [Word(50, 262, 60, 72, "International", 12), Word(265, 400, 60, 72, "Passenger", 12)]
    texts = _texts(title + _column(50, 250, 100, "L", 8) + _column(268, 540, 100, "R", 8))
    assert texts[0] == "International Passenger"


def test_words_with_different_fonts_on_one_line_form_one_row() -> None:
    bold = Word(50, 90, 100.0, 112.0, "Police:", 12)
    regular = Word(95, 120, 101.5, 111.0, "101", 10)
    assert rows([regular, bold]) == [[bold, regular]]


def test_a_big_initial_beside_two_lines_does_not_merge_them() -> None:
    initial = Word(50, 80, 98, 124, "1", 26)
    first = _line(90, 400, 100, "A", n=5)
    second = _line(90, 400, 112, "B", n=5)
    assert [[w.text for w in r] for r in rows([initial, *first, *second])] == [
        ["1", *(w.text for w in first)], [w.text for w in second]]


def _table(top: float, rows_: int) -> list[Word]:
    """A three-cell grid whose gaps leave the same x empty as a two-column passage above it."""
    return [Word(x, x + 30, top + 14 * i, top + 14 * i + 10, f"Cell{i}{k}", 10)
            for i in range(rows_) for k, x in enumerate((50.0, 200.0, 400.0))]


def test_a_two_column_passage_between_full_width_paragraphs_is_read_column_by_column() -> None:
    above = _column(50, 540, 60, "A", 10)  # more full-width rows than the passage has
    passage = _column(50, 250, 190, "L", 6) + _column(280, 540, 190, "R", 6)
    below = _column(50, 540, 270, "B", 10)
    firsts = [t.split()[0] for t in _texts(above + passage + below)]
    assert firsts == ([f"A{i}w0" for i in range(10)] + [f"L{i}w0" for i in range(6)]
                      + [f"R{i}w0" for i in range(6)] + [f"B{i}w0" for i in range(10)])


def test_a_table_under_a_two_column_passage_is_still_read_row_by_row() -> None:
    words = _column(50, 540, 60, "A", 10) + _column(50, 250, 190, "L", 6) + _column(280, 540, 190, "R", 6)
    lines = reading_order(words + _table(270, 6))
    assert [ln.text for ln in lines if ln.table] == [CELL_JOIN.join(f"Cell{i}{k}" for k in range(3)) for i in range(6)]
    firsts = [ln.text.split()[0] for ln in lines if not ln.table]
    assert firsts[10:] == [f"L{i}w0" for i in range(6)] + [f"R{i}w0" for i in range(6)]


def test_columns_set_closer_than_a_wide_word_space_stay_columns_on_every_row() -> None:
    # ragged-right columns 9 pt apart (less than a wide word space): a row whose gap spans the
    # strip that the clearly separated rows leave empty (197..206 here) is two column lines
    left = [w for i in range(12) for w in _line(50, 200 - (i % 3) * 15, 100 + 12 * i, f"L{i}w")]
    right = [w for i in range(12) for w in _line(218 if i % 6 == 0 else 206, 400, 100 + 12 * i, f"R{i}w")]
    firsts = [t.split()[0] for t in _texts(left + right)]
    assert firsts == [f"L{i}w0" for i in range(12)] + [f"R{i}w0" for i in range(12)]

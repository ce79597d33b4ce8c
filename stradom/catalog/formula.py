"""Safe evaluator for the formulas of computed indicators.

A formula refers to other indicators by code in square brackets::

    [BIRTHS] / [POP] * 1000        ([A] + [B]) / 2        round([X] / [Y] * 100, 1)

The text is read by a small tokenizer and a recursive-descent parser written
here; nothing of it ever reaches ``eval``, ``compile`` or ``ast``. The grammar::

    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "/") unary)*
    unary    := ("+" | "-") unary | power
    power    := primary (("^" | "**") unary)?        right-associative; -2^2 = -4
    primary  := NUMBER | "[" CODE "]" | NAME "(" args ")" | "(" sum ")"

Functions (names are case-insensitive): ``min(a, …)``, ``max(a, …)``, ``abs(x)``,
``round(x[, digits])`` (half away from zero, as in spreadsheets and official
statistics, not Python's half-to-even), ``sqrt(x)``, ``log(x[, base])`` (natural
logarithm unless a base is given, as in Python and unlike spreadsheets' LOG),
``exp(x)`` and ``if(condition, a, b)`` (``a`` when the condition is not zero;
only the chosen branch is evaluated, so ``if([POP], [B] / [POP], 0)`` is safe).

Arithmetic is ``Decimal`` with 28 significant digits, never float. Every error,
in the text or in the arithmetic, is a :class:`StradomError` that says what went
wrong and where; positions in messages count characters from 1. Limits keep a
hostile text cheap: at most 2000 characters, 50 levels of nesting, and powers
(``^``, ``**``, literals like ``1e3``) with an exponent of at most 100 in size.

:meth:`Formula.written` gives the formula as a reader writes it (names instead of
codes, ``÷`` and ``×``, the reader's numbers); the words come from the caller
(``stradom.catalog.computation`` fills them in the reader's language).
"""

from __future__ import annotations

import decimal
import operator
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from stradom.core.messages import StradomError, gettext_noop

_T = TypeVar("_T")

MAX_LENGTH = 2000
MAX_DEPTH = 50  # brackets, function calls, signs and powers inside one another
MAX_EXPONENT = 100  # largest |exponent| of ^ and of number literals such as 1e3
MAX_ROUND_DIGITS = 28

# Overflow, division by zero and invalid operations raise instead of quietly
# giving Infinity or NaN. The exponent range is Python's default, stated here so
# that a change to the process-wide default context cannot change results.
_CONTEXT = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

# ASCII only: \d and \w would also match Arabic digits or Polish letters.
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?0*([0-9]+))?")
_WORD = re.compile(r"[A-Za-z0-9_.]*")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CODE = re.compile(r"[A-Za-z0-9_.\-]*")

# name -> (fewest, most) arguments; None means any number.
_FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "abs": (1, 1),
    "exp": (1, 1),
    "if": (3, 3),
    "log": (1, 2),
    "max": (1, None),
    "min": (1, None),
    "round": (1, 2),
    "sqrt": (1, 1),
}

_MESSAGES = {
    "long": gettext_noop("the formula is %(length)s characters long; at most %(limit)s allowed"),
    "empty": gettext_noop("the formula is empty"),
    "number": gettext_noop(
        "%(token)s at position %(position)s is not a number; write numbers like 12, 0.5 or 1e3"
    ),
    "literal_exponent": gettext_noop(
        "the exponent of %(token)s at position %(position)s is too large; at most %(limit)s"
    ),
    "open_code": gettext_noop("the [ at position %(position)s is never closed"),
    "code_char": gettext_noop(
        "character %(char)s at position %(position)s is not allowed in an indicator code; "
        "codes use letters, digits, _ . and -"
    ),
    "empty_code": gettext_noop("empty indicator code [] at position %(position)s"),
    "quote": gettext_noop("text in quotes at position %(position)s is not allowed"),
    "close_code": gettext_noop("the ] at position %(position)s has no matching ["),
    "char": gettext_noop("unexpected character %(char)s at position %(position)s"),
    "deep": gettext_noop(
        "the formula is nested too deeply at position %(position)s; at most %(limit)s "
        "levels of brackets, functions and signs are allowed"
    ),
    "close_paren": gettext_noop("the ) at position %(position)s has no matching ("),
    "open_paren": gettext_noop("the ( at position %(position)s is never closed"),
    "ends": gettext_noop("the formula ends where a number, [CODE], function or ( was expected"),
    "comma": gettext_noop(
        "the comma at position %(position)s is outside a function call; "
        "write decimals with a dot, e.g. 0.5"
    ),
    "operator": gettext_noop("expected an operator at position %(position)s, found %(found)s"),
    "operand": gettext_noop(
        "expected a number, [CODE], function or ( at position %(position)s, found %(found)s"
    ),
    "power_literal": gettext_noop(
        "the exponent at position %(position)s is too large; at most %(limit)s is allowed"
    ),
    "function": gettext_noop(
        "unknown function %(name)s at position %(position)s; available: %(functions)s"
    ),
    "name": gettext_noop(
        "unknown name %(name)s at position %(position)s; refer to an indicator by its code "
        "in square brackets, e.g. [%(name)s]"
    ),
    "call": gettext_noop("function %(name)s at position %(position)s must be followed by ("),
    "arity": gettext_noop(
        "%(name)s() at position %(position)s: wrong number of arguments "
        "(expected %(expected)s, given %(count)s)"
    ),
    # Arithmetic: these quote the part of the formula that failed.
    "missing": gettext_noop("no value for [%(code)s]"),
    "nan": gettext_noop("the value of [%(code)s] is not a number"),
    "div_literal": gettext_noop("division by zero in %(expression)s"),
    "div": gettext_noop("division by zero in %(expression)s: %(divisor)s is 0"),
    "too_large": gettext_noop("the result of %(expression)s is too large"),
    "power": gettext_noop(
        "the exponent %(exponent)s in %(expression)s is too large; at most %(limit)s is allowed"
    ),
    "zero_power": gettext_noop("0 raised to a power that is not positive in %(expression)s"),
    "negative_power": gettext_noop(
        "a negative number raised to a fractional power in %(expression)s"
    ),
    "sqrt": gettext_noop("square root of a negative number in %(expression)s: %(value)s"),
    "log": gettext_noop("logarithm of a number that is not positive in %(expression)s: %(value)s"),
    "log_base": gettext_noop("logarithm to base 1 in %(expression)s"),
    "round": gettext_noop(
        "round() in %(expression)s needs a whole number of digits from -%(limit)s "
        "to %(limit)s, not %(digits)s"
    ),
    "cannot": gettext_noop("the formula %(formula)s cannot be computed for these values"),
    "cycle": gettext_noop("computed indicators refer to each other in a cycle: %(cycle)s"),
}


def _fail(key: str, position: int | None = None, **params: object) -> StradomError:
    if position is not None:
        params["position"] = position + 1
    return StradomError(_MESSAGES[key], **params)


def _show(ch: str) -> str:
    return f"'{ch}'" if ch.isprintable() else f"U+{ord(ch):04X}"


def _plain(value: Decimal) -> str:
    return format(value, "f") if abs(value.adjusted()) < 30 else str(value)


# --- tokens -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # num, ref, name, op, "(", ")", ",", end, error
    text: str
    start: int
    end: int
    value: Decimal | StradomError | None = None


def _scan(text: str, i: int, ctx: decimal.Context) -> _Token:
    """The token that starts at ``text[i]`` (not a space)."""
    ch = text[i]
    if "0" <= ch <= "9":
        match = _NUMBER.match(text, i)
        assert match is not None
        end = _WORD.match(text, match.end()).end()  # type: ignore[union-attr]
        if end != match.end():  # 1.2.3, 2x, 1e, 5.
            raise _fail("number", i, token=text[i:end])
        if match.group(1) and (len(match.group(1)) > 3 or int(match.group(1)) > MAX_EXPONENT):
            raise _fail("literal_exponent", i, token=match.group(), limit=MAX_EXPONENT)
        return _Token("num", match.group(), i, end, ctx.create_decimal(match.group()))
    if ch == "[":
        end = _CODE.match(text, i + 1).end()  # type: ignore[union-attr]
        if end == len(text):
            raise _fail("open_code", i)
        if text[end] != "]":
            raise _fail("code_char", end, char=_show(text[end]))
        if end == i + 1:
            raise _fail("empty_code", i)
        return _Token("ref", text[i + 1 : end], i, end + 1)
    if match := _NAME.match(text, i):
        return _Token("name", match.group(), i, match.end())
    if text.startswith("**", i):
        return _Token("op", "**", i, i + 2)
    if ch in "+-*/^":
        return _Token("op", ch, i, i + 1)
    if ch in "(),":
        return _Token(ch, ch, i, i + 1)
    if ch in "'\"":
        raise _fail("quote", i)
    if ch == "]":
        raise _fail("close_code", i)
    raise _fail("char", i, char=_show(ch))


def _tokenize(text: str) -> list[_Token]:
    """All tokens; a lexical error becomes a last "error" token.

    The parser raises it only when it gets there, so of ``__import__('os')`` it
    reports the unknown function first rather than the quotes further on.
    """
    ctx = _CONTEXT.copy()  # create_decimal sets flags; keep the shared context clean
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        try:
            tokens.append(_scan(text, i, ctx))
        except StradomError as error:
            return [*tokens, _Token("error", "", i, i, error)]
        i = tokens[-1].end
    return [*tokens, _Token("end", "", len(text), len(text))]


# --- syntax tree ----------------------------------------------------------------
# Nodes keep their span in the text so arithmetic errors can quote the culprit;
# the parser widens a span over the brackets around it, hence not frozen.


@dataclass(slots=True, eq=False)
class _Node(ABC):
    start: int
    end: int

    @abstractmethod
    def evaluate(self, env: _Env) -> Decimal: ...


@dataclass(slots=True, eq=False)
class _Num(_Node):
    value: Decimal

    def evaluate(self, env: _Env) -> Decimal:
        return self.value


@dataclass(slots=True, eq=False)
class _Ref(_Node):
    code: str

    def evaluate(self, env: _Env) -> Decimal:
        return env.value(self.code)


@dataclass(slots=True, eq=False)
class _Neg(_Node):
    operand: _Node

    def evaluate(self, env: _Env) -> Decimal:
        return -self.operand.evaluate(env)


@dataclass(slots=True, eq=False)
class _Chain(_Node):
    """``a op b op c …`` of one precedence level, kept flat so long sums stay shallow."""

    first: _Node
    rest: list[tuple[str, _Node]]

    def evaluate(self, env: _Env) -> Decimal:
        acc = self.first.evaluate(env)
        for op, node in self.rest:
            value = node.evaluate(env)
            where = env.span(self.start, node.end)
            if op == "/" and value.is_zero():
                if isinstance(node, _Num):
                    raise _fail("div_literal", expression=where)
                raise _fail("div", expression=where, divisor=env.span(node.start, node.end))
            try:
                acc = _ARITHMETIC[op](acc, value)
            except decimal.Overflow:
                raise _fail("too_large", expression=where) from None
        return acc


_ARITHMETIC: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}


@dataclass(slots=True, eq=False)
class _Pow(_Node):
    base: _Node
    exponent: _Node

    def evaluate(self, env: _Env) -> Decimal:
        base, exponent = self.base.evaluate(env), self.exponent.evaluate(env)
        where = env.span(self.start, self.end)
        if abs(exponent) > MAX_EXPONENT:
            raise _fail("power", exponent=_plain(exponent), expression=where, limit=MAX_EXPONENT)
        if base.is_zero() and exponent <= 0:
            raise _fail("zero_power", expression=where)
        if base < 0 and exponent != exponent.to_integral_value():
            raise _fail("negative_power", expression=where)
        try:
            return base**exponent
        except decimal.Overflow:
            raise _fail("too_large", expression=where) from None


@dataclass(slots=True, eq=False)
class _Call(_Node):
    name: str
    args: list[_Node]

    def evaluate(self, env: _Env) -> Decimal:
        if self.name == "if":
            chosen = self.args[1] if not self.args[0].evaluate(env).is_zero() else self.args[2]
            return chosen.evaluate(env)
        values = [arg.evaluate(env) for arg in self.args]
        x, where = values[0], env.span(self.start, self.end)
        if self.name in ("min", "max"):
            return min(values) if self.name == "min" else max(values)
        if self.name == "abs":
            return abs(x)
        if self.name == "round":
            return _round(x, values[1] if len(values) > 1 else Decimal(0), where)
        if self.name == "sqrt":
            if x < 0:
                raise _fail("sqrt", expression=where, value=_plain(x))
            return x.sqrt()
        if self.name == "exp":
            try:
                return x.exp()
            except decimal.Overflow:
                raise _fail("too_large", expression=where) from None
        for value in values:  # log
            if value <= 0:
                raise _fail("log", expression=where, value=_plain(value))
        if len(values) == 1:
            return x.ln()
        if values[1] == 1:
            raise _fail("log_base", expression=where)
        return x.ln() / values[1].ln()


def _round(x: Decimal, digits: Decimal, where: str) -> Decimal:
    if digits != digits.to_integral_value() or abs(digits) > MAX_ROUND_DIGITS:
        raise _fail("round", expression=where, limit=MAX_ROUND_DIGITS, digits=_plain(digits))
    quantum = Decimal(1).scaleb(-int(digits))
    if x.as_tuple().exponent >= -int(digits):  # type: ignore[operator]
        return x  # no more digits than asked for; quantize could only add zeros
    return x.quantize(quantum, rounding=ROUND_HALF_UP)


class _Env:
    __slots__ = ("text", "values")

    def __init__(self, text: str, values: Mapping[str, Decimal]) -> None:
        self.text, self.values = text, values

    def span(self, start: int, end: int) -> str:
        snippet = self.text[start:end]
        return snippet if len(snippet) <= 80 else snippet[:77] + "…"

    def value(self, code: str) -> Decimal:
        try:
            value = self.values[code]
        except KeyError:
            raise _fail("missing", code=code) from None
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise TypeError(f"the value of [{code}] must be a Decimal, not {type(value).__name__}")
        if not Decimal(value).is_finite():
            raise _fail("nan", code=code)
        return +Decimal(value)  # rounds an over-long input to the context's precision


# --- parser -------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.i = self.depth = 0
        self.references: set[str] = set()

    def peek(self) -> _Token:
        token = self.tokens[self.i]
        if token.kind == "error":
            raise token.value  # type: ignore[misc]
        return token

    def advance(self) -> _Token:
        token = self.peek()
        self.i += 1
        return token

    def is_op(self, *ops: str) -> bool:
        token = self.peek()
        return token.kind == "op" and token.text in ops

    def nested(self, token: _Token, parse: Callable[[], _T]) -> _T:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _fail("deep", token.start, limit=MAX_DEPTH)
        node = parse()
        self.depth -= 1
        return node

    def unexpected(self, token: _Token, *, after_operand: bool) -> StradomError:
        if token.kind == "end":
            return _fail("ends")
        if token.kind == ",":
            return _fail("comma", token.start)
        key = "operator" if after_operand else "operand"
        return _fail(key, token.start, found=f"'{self.tokens_text(token)}'")

    def tokens_text(self, token: _Token) -> str:
        return f"[{token.text}]" if token.kind == "ref" else token.text

    def parse(self) -> _Node:
        node = self.sum()
        token = self.peek()
        if token.kind == ")":
            raise _fail("close_paren", token.start)
        if token.kind != "end":
            raise self.unexpected(token, after_operand=True)
        return node

    def chain(self, operand: Callable[[], _Node], *ops: str) -> _Node:
        first = operand()
        rest: list[tuple[str, _Node]] = []
        while self.is_op(*ops):
            rest.append((self.advance().text, operand()))
        return _Chain(first.start, rest[-1][1].end, first, rest) if rest else first

    def sum(self) -> _Node:
        return self.chain(self.product, "+", "-")

    def product(self) -> _Node:
        return self.chain(self.unary, "*", "/")

    def unary(self) -> _Node:
        if not self.is_op("+", "-"):
            return self.power()
        sign = self.advance()
        operand = self.nested(sign, self.unary)
        return operand if sign.text == "+" else _Neg(sign.start, operand.end, operand)

    def power(self) -> _Node:
        base = self.primary()
        if not self.is_op("^", "**"):
            return base
        # unary, not primary: allows 2^-1 and makes ^ right-associative
        exponent = self.nested(self.advance(), self.unary)
        literal = exponent.operand if isinstance(exponent, _Neg) else exponent
        if isinstance(literal, _Num) and abs(literal.value) > MAX_EXPONENT:
            raise _fail("power_literal", exponent.start, limit=MAX_EXPONENT)
        return _Pow(base.start, exponent.end, base, exponent)

    def primary(self) -> _Node:
        token = self.advance()
        if token.kind == "num":
            return _Num(token.start, token.end, token.value)  # type: ignore[arg-type]
        if token.kind == "ref":
            self.references.add(token.text)
            return _Ref(token.start, token.end, token.text)
        if token.kind == "(":
            inner = self.nested(token, self.sum)
            inner.start, inner.end = token.start, self.close(token)
            return inner
        if token.kind == "name":
            return self.call(token)
        raise self.unexpected(token, after_operand=False)

    def close(self, opening: _Token) -> int:
        """Consume the ``)`` that matches ``opening``; return where it ends."""
        token = self.peek()
        if token.kind == "end":
            raise _fail("open_paren", opening.start)
        if token.kind != ")":
            raise self.unexpected(token, after_operand=True)
        return self.advance().end

    def call(self, name: _Token) -> _Node:
        key = name.text.lower()
        opening = self.tokens[self.i]  # not peek(): name the unknown word before a bad character
        if key not in _FUNCTIONS:
            if opening.kind == "(":
                functions = ", ".join(sorted(_FUNCTIONS))
                raise _fail("function", name.start, name=name.text, functions=functions)
            raise _fail("name", name.start, name=name.text)
        if opening.kind != "(":
            raise _fail("call", name.start, name=name.text)
        self.advance()
        args = self.nested(opening, self.arguments)
        end = self.close(opening)
        fewest, most = _FUNCTIONS[key]
        if len(args) < fewest or (most is not None and len(args) > most):
            expected = f"{fewest}+" if most is None else f"{fewest}–{most}"
            expected = str(fewest) if fewest == most else expected
            raise _fail("arity", name.start, name=name.text, expected=expected, count=len(args))
        return _Call(name.start, end, key, args)

    def arguments(self) -> list[_Node]:
        args = [] if self.peek().kind == ")" else [self.sum()]
        while args and self.peek().kind == ",":
            self.advance()
            args.append(self.sum())
        return args


# --- as a reader writes it -----------------------------------------------------------
# Precedence of what a piece of the written formula is, to know where brackets go.
_PROSE, _SUM, _PRODUCT, _SIGN, _POWER, _TERM = range(6)
_SYMBOLS = {"+": "+", "-": "−", "*": "×", "/": "÷"}
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


@dataclass(frozen=True)
class Notation:
    """How :meth:`Formula.written` writes a formula for a reader, in the reader's language.

    ``name`` gives an indicator's name for its code; ``number`` writes a number of the
    formula as the reader writes numbers (``0,5`` in Polish); ``call`` writes a function
    from its name, its arguments as already written and, for each argument that is a
    plain number, that number (else None), returning the text and whether it reads as one
    term (``min(a; b)``) or as words that need brackets inside arithmetic
    (``a rounded to 1 decimal place``).
    """

    name: Callable[[str], str]
    number: Callable[[Decimal], str]
    call: Callable[[str, list[str], list[Decimal | None]], tuple[str, bool]]


def _literal(node: _Node) -> Decimal | None:
    """The number a node is when it is a plain number (``2``, ``-1``), else None."""
    if isinstance(node, _Num):
        return node.value
    if isinstance(node, _Neg) and isinstance(node.operand, _Num):
        return -node.operand.value
    return None


def _wrap(text: str, brackets: bool) -> str:
    return f"({text})" if brackets else text


def _written(node: _Node, notation: Notation) -> tuple[str, int]:
    """(text, precedence) of ``node`` as a reader writes it."""
    if isinstance(node, _Num):
        return notation.number(node.value), _TERM
    if isinstance(node, _Ref):
        return notation.name(node.code), _TERM
    if isinstance(node, _Neg):
        text, level = _written(node.operand, notation)
        return "−" + _wrap(text, level <= _SIGN), _SIGN
    if isinstance(node, _Chain):
        own = _SUM if node.rest[0][0] in "+-" else _PRODUCT
        text, level = _written(node.first, notation)
        parts = [_wrap(text, level < own)]
        for op, operand in node.rest:
            text, level = _written(operand, notation)
            # An operand of the same level here was bracketed by the author: keep it so.
            parts.append(f"{_SYMBOLS[op]} {_wrap(text, level <= own or level == _SIGN)}")
        return " ".join(parts), own
    if isinstance(node, _Pow):
        base, level = _written(node.base, notation)
        base = _wrap(base, level <= _POWER or (isinstance(node.base, _Ref) and " " in base))
        exponent = _literal(node.exponent)
        if exponent is not None and exponent == exponent.to_integral_value():
            return base + str(int(exponent)).translate(_SUPERSCRIPT), _POWER
        text, level = _written(node.exponent, notation)
        return f"{base}^{_wrap(text, level < _POWER)}", _POWER
    assert isinstance(node, _Call)
    args = [_written(arg, notation)[0] for arg in node.args]
    text, one_term = notation.call(node.name, args, [_literal(arg) for arg in node.args])
    return text, _TERM if one_term else _PROSE


# --- public API -----------------------------------------------------------------


@dataclass(frozen=True)
class Formula:
    """A parsed formula. Build it with :func:`parse_formula`."""

    text: str
    references: frozenset[str]
    _root: _Node = field(repr=False, compare=False)

    def written(self, notation: Notation) -> str:
        """The formula as a reader writes it: indicators by name, ``+ − × ÷``, powers as
        superscripts, numbers and functions as ``notation`` says (see :class:`Notation`);
        brackets where the order of operations needs them or the author grouped terms."""
        return _written(self._root, notation)[0]

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        """The formula's value for ``values`` (indicator code -> Decimal).

        Values are looked up only when used, so a code that appears only in the
        branch an ``if`` does not take may be missing.
        """
        env = _Env(self.text, values)
        with decimal.localcontext(_CONTEXT):
            try:
                result = self._root.evaluate(env)
            except decimal.DecimalException:
                # Safety net: the known cases are checked above and told in better words.
                raise _fail("cannot", formula=env.span(0, len(self.text))) from None
            if result.is_zero():
                return Decimal(0)  # not -0 or 0E-1000026
            if result.as_tuple().exponent > 0 and result.adjusted() < _CONTEXT.prec:  # type: ignore[operator]
                return result.quantize(Decimal(1))  # 1200, not 1.2E+3
            return result


def parse_formula(text: str) -> Formula:
    """Parse ``text``; raise :class:`StradomError` saying what is wrong and where."""
    if len(text) > MAX_LENGTH:
        raise _fail("long", length=len(text), limit=MAX_LENGTH)
    if not text.strip():
        raise _fail("empty")
    parser = _Parser(text)
    root = parser.parse()
    return Formula(text, frozenset(parser.references), root)


def _walk(dependencies: Mapping[str, Iterable[str]]) -> tuple[list[str], list[str] | None]:
    """Depth-first walk without recursion: (dependencies-first order, first cycle found).

    Codes are visited in sorted order so the answer does not depend on the order
    of a dict or a set. Codes that are not keys are observed inputs and are skipped.
    """
    graph = {code: sorted(set(refs)) for code, refs in dependencies.items()}
    finished: dict[str, bool] = {}  # False while the code is on the current path
    order: list[str] = []
    for root in sorted(graph):
        if root in finished:
            continue
        finished[root] = False
        stack = [(root, iter(graph[root]))]
        while stack:
            node, pending = stack[-1]
            for successor in pending:
                if successor not in graph:
                    continue
                if successor not in finished:
                    finished[successor] = False
                    stack.append((successor, iter(graph[successor])))
                    break
                if not finished[successor]:
                    path = [code for code, _ in stack]
                    return order, path[path.index(successor) :] + [successor]
            else:
                stack.pop()
                finished[node] = True
                order.append(node)
    return order, None


def find_cycle(dependencies: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A path that closes a cycle, e.g. ``["A", "B", "A"]``, or None.

    ``dependencies`` maps each computed indicator's code to the codes its formula uses.
    """
    return _walk(dependencies)[1]


def evaluation_order(dependencies: Mapping[str, Iterable[str]]) -> list[str]:
    """The computed indicators (the keys), each after the computed ones it uses."""
    order, cycle = _walk(dependencies)
    if cycle is not None:
        raise _fail("cycle", cycle=" → ".join(f"[{code}]" for code in cycle))
    return order

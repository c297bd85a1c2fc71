package labels

import (
	"fmt"
	"slices"
)

// token is a lexical token of the selector grammar.
type token int

const (
	errorToken token = iota
	endOfStringToken
	closedParToken
	commaToken
	doesNotExistToken
	doubleEqualsToken
	equalsToken
	greaterThanToken
	identifierToken
	inToken
	lessThanToken
	notEqualsToken
	notInToken
	openParToken
)

type item struct {
	tok token
	lit string
}

func isWhitespace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func isSpecial(c byte) bool {
	switch c {
	case '=', '!', '(', ')', ',', '>', '<':
		return true
	}
	return false
}

func specialToken(s string) (token, bool) {
	switch s {
	case ")":
		return closedParToken, true
	case ",":
		return commaToken, true
	case "!":
		return doesNotExistToken, true
	case "==":
		return doubleEqualsToken, true
	case "=":
		return equalsToken, true
	case ">":
		return greaterThanToken, true
	case "<":
		return lessThanToken, true
	case "!=":
		return notEqualsToken, true
	case "(":
		return openParToken, true
	}
	return errorToken, false
}

// lexer splits a selector into tokens exactly as Kubernetes' does,
// including its treatment of a NUL byte as an end of input.
type lexer struct {
	s   string
	pos int
}

// read returns the next byte, or 0 at the end.
func (l *lexer) read() byte {
	if l.pos < len(l.s) {
		c := l.s[l.pos]
		l.pos++
		return c
	}
	return 0
}

func (l *lexer) unread() { l.pos-- }

func (l *lexer) lex() item {
	c := l.read()
	for isWhitespace(c) {
		c = l.read()
	}
	switch {
	case c == 0:
		return item{endOfStringToken, ""}
	case isSpecial(c):
		l.unread()
		return l.scanSpecial()
	default:
		l.unread()
		return l.scanIdentOrKeyword()
	}
}

func (l *lexer) scanIdentOrKeyword() item {
	start := l.pos
	end := start
	for {
		c := l.read()
		if c == 0 {
			end = l.pos
			if end > start && l.s[end-1] == 0 {
				end--
			}
			break
		}
		if isSpecial(c) || isWhitespace(c) {
			l.unread()
			end = l.pos
			break
		}
	}
	s := l.s[start:end]
	switch s {
	case "in":
		return item{inToken, s}
	case "notin":
		return item{notInToken, s}
	}
	if t, ok := specialToken(s); ok {
		return item{t, s}
	}
	return item{identifierToken, s}
}

// scanSpecial reads the longest run of special characters that forms a
// token ("!=" rather than "!" then "=").
func (l *lexer) scanSpecial() item {
	start := l.pos
	last := item{tok: errorToken}
	for {
		c := l.read()
		if c == 0 {
			break
		}
		if !isSpecial(c) {
			l.unread()
			break
		}
		buf := l.s[start:l.pos]
		if t, ok := specialToken(buf); ok {
			last = item{t, buf}
		} else if last.tok != errorToken {
			l.unread()
			break
		}
	}
	if last.tok == errorToken {
		return item{errorToken, fmt.Sprintf("error expected: keyword found '%s'", l.s[start:l.pos])}
	}
	return last
}

// context tells the parser whether "in" and "notin" are operators
// (keyAndOperator) or plain identifiers (values), as in "x in (in)".
type context int

const (
	keyAndOperator context = iota
	values
)

type parser struct {
	items []item
	pos   int
}

func (p *parser) lookahead(ctx context) (token, string) {
	it := p.items[p.pos]
	if ctx == values && (it.tok == inToken || it.tok == notInToken) {
		it.tok = identifierToken
	}
	return it.tok, it.lit
}

func (p *parser) consume(ctx context) (token, string) {
	t, lit := p.lookahead(ctx)
	p.pos++
	return t, lit
}

func (p *parser) parse() (internalSelector, error) {
	var reqs internalSelector
	for {
		tok, lit := p.lookahead(values)
		switch tok {
		case identifierToken, doesNotExistToken:
			r, err := p.parseRequirement()
			if err != nil {
				return nil, fmt.Errorf("unable to parse requirement: %v", err)
			}
			reqs = append(reqs, *r)
			t, l := p.consume(values)
			switch t {
			case endOfStringToken:
				return reqs, nil
			case commaToken:
				t2, l2 := p.lookahead(values)
				if t2 != identifierToken && t2 != doesNotExistToken {
					return nil, fmt.Errorf("found '%s', expected: identifier after ','", l2)
				}
			default:
				return nil, fmt.Errorf("found '%s', expected: ',' or 'end of string'", l)
			}
		case endOfStringToken:
			return reqs, nil
		default:
			return nil, fmt.Errorf("found '%s', expected: !, identifier, or 'end of string'", lit)
		}
	}
}

func (p *parser) parseRequirement() (*Requirement, error) {
	key, op, err := p.parseKeyAndInferOperator()
	if err != nil {
		return nil, err
	}
	if op == OpExists || op == OpDoesNotExist {
		return newRequirement(key, op, []string{}, nil)
	}
	op, err = p.parseOperator()
	if err != nil {
		return nil, err
	}
	var vals []string
	switch op {
	case OpIn, OpNotIn:
		vals, err = p.parseValues()
	default:
		vals, err = p.parseExactValue()
	}
	if err != nil {
		return nil, err
	}
	return newRequirement(key, op, vals, nil)
}

func (p *parser) parseKeyAndInferOperator() (string, Operator, error) {
	var op Operator
	tok, lit := p.consume(values)
	if tok == doesNotExistToken {
		op = OpDoesNotExist
		tok, lit = p.consume(values)
	}
	if tok != identifierToken {
		return "", "", fmt.Errorf("found '%s', expected: identifier", lit)
	}
	if err := validateLabelKey(lit, nil); err != nil {
		return "", "", err
	}
	if t, _ := p.lookahead(values); t == endOfStringToken || t == commaToken {
		if op != OpDoesNotExist {
			op = OpExists
		}
	}
	return lit, op, nil
}

func (p *parser) parseOperator() (Operator, error) {
	tok, lit := p.consume(keyAndOperator)
	switch tok {
	case inToken:
		return OpIn, nil
	case equalsToken:
		return OpEquals, nil
	case doubleEqualsToken:
		return OpDoubleEquals, nil
	case greaterThanToken:
		return OpGreaterThan, nil
	case lessThanToken:
		return OpLessThan, nil
	case notInToken:
		return OpNotIn, nil
	case notEqualsToken:
		return OpNotEquals, nil
	}
	return "", fmt.Errorf("found '%s', expected: %s", lit, binaryOperators)
}

// sortedSet returns the values sorted and without duplicates, as
// Kubernetes' sets.String.List does.
func sortedSet(vals []string) []string {
	slices.Sort(vals)
	return slices.Compact(vals)
}

func (p *parser) parseValues() ([]string, error) {
	tok, lit := p.consume(values)
	if tok != openParToken {
		return nil, fmt.Errorf("found '%s' expected: '('", lit)
	}
	tok, lit = p.lookahead(values)
	switch tok {
	case identifierToken, commaToken:
		s, err := p.parseIdentifiersList()
		if err != nil {
			return nil, err
		}
		if tok, _ = p.consume(values); tok != closedParToken {
			return nil, fmt.Errorf("found '%s', expected: ')'", lit)
		}
		return sortedSet(s), nil
	case closedParToken:
		p.consume(values)
		return []string{""}, nil
	}
	return nil, fmt.Errorf("found '%s', expected: ',', ')' or identifier", lit)
}

func (p *parser) parseIdentifiersList() ([]string, error) {
	var s []string
	for {
		tok, lit := p.consume(values)
		switch tok {
		case identifierToken:
			s = append(s, lit)
			tok2, lit2 := p.lookahead(values)
			switch tok2 {
			case commaToken:
				continue
			case closedParToken:
				return s, nil
			}
			return nil, fmt.Errorf("found '%s', expected: ',' or ')'", lit2)
		case commaToken:
			if len(s) == 0 {
				s = append(s, "") // "(,"
			}
			tok2, _ := p.lookahead(values)
			if tok2 == closedParToken {
				return append(s, ""), nil // ",)"
			}
			if tok2 == commaToken {
				s = append(s, "") // ",,"
			}
		default:
			return s, fmt.Errorf("found '%s', expected: ',', or identifier", lit)
		}
	}
}

func (p *parser) parseExactValue() ([]string, error) {
	if tok, _ := p.lookahead(values); tok == endOfStringToken || tok == commaToken {
		return []string{""}, nil
	}
	tok, lit := p.consume(values)
	if tok == identifierToken {
		return []string{lit}, nil
	}
	return nil, fmt.Errorf("found '%s', expected: identifier", lit)
}

// Parse parses a selector string with Kubernetes' grammar and errors:
//
//	<selector>    ::= <requirement> | <requirement> "," <selector>
//	<requirement> ::= [!] KEY [ <set-based> | <exact-match> | <compare> ]
//	<set-based>   ::= "" | ("in" | "notin") "(" VALUE { "," VALUE } ")"
//	<exact-match> ::= ("=" | "==" | "!=") VALUE
//	<compare>     ::= (">" | "<") INTEGER
//
// KEY is a qualified name (an optional DNS subdomain prefix and "/", then at
// most 63 characters); VALUE is a label value, possibly empty. Blanks
// (space, tab, CR, LF) separate tokens. "key" alone means exists, "!key"
// does not exist. "" parses to a selector that matches everything. The
// requirements of the result are sorted by key and the values of set-based
// requirements sorted and deduplicated.
func Parse(selector string) (Selector, error) {
	reqs, err := parse(selector)
	if err != nil {
		return nil, err
	}
	return reqs, nil
}

// ParseToRequirements parses like Parse and returns the requirements.
func ParseToRequirements(selector string) ([]Requirement, error) {
	return parse(selector)
}

func parse(selector string) (internalSelector, error) {
	l := &lexer{s: selector}
	p := &parser{}
	for {
		it := l.lex()
		p.items = append(p.items, it)
		if it.tok == endOfStringToken {
			break
		}
	}
	reqs, err := p.parse()
	if err != nil {
		return nil, err
	}
	sortByKey(reqs)
	return reqs, nil
}

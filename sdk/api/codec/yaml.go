package codec

import (
	"bufio"
	"bytes"
	"io"
)

// YAMLReader reads the documents of a multi-document YAML stream one by
// one. Documents are separated by lines that start with "---" followed by
// the end of the line or white space ("--- # comment" is a separator; any
// content after "--- " starts the next document, as YAML allows). A "..."
// line ends a document. Documents holding only white space and comments
// are skipped, and directives ("%YAML 1.2") stay with the document they
// precede. It does not parse the YAML, and JSON passes through unchanged.
// A YAMLReader is not safe for concurrent use.
type YAMLReader struct {
	r       *bufio.Reader
	pending []byte // start of the next document, from a "--- content" line
	eof     bool
}

// NewYAMLReader returns a reader of the documents of r.
func NewYAMLReader(r io.Reader) *YAMLReader {
	return &YAMLReader{r: bufio.NewReader(r)}
}

// Read returns the next non-empty document, or io.EOF after the last one.
func (y *YAMLReader) Read() ([]byte, error) {
	var doc []byte
	if y.pending != nil {
		doc, y.pending = y.pending, nil
	}
	for !y.eof {
		line, err := y.r.ReadBytes('\n')
		if err == io.EOF {
			y.eof = true
		} else if err != nil {
			return nil, err
		}
		if len(line) == 0 {
			continue
		}
		if isSep, rest := separator(line); isSep {
			switch contentOf(doc) {
			case hasContent:
				y.pending = rest
				return doc, nil
			case onlyDirectives:
				doc = append(doc, rest...) // directives belong to the next document
			default:
				doc = rest
			}
			continue
		}
		doc = append(doc, line...)
	}
	if contentOf(doc) == noContent {
		return nil, io.EOF
	}
	return doc, nil
}

// separator reports whether line is a document separator ("---") or end
// marker ("..."), and returns what follows a separator on its line, if it
// is not a comment.
func separator(line []byte) (bool, []byte) {
	var marker string
	switch {
	case bytes.HasPrefix(line, []byte("---")):
		marker = "---"
	case bytes.HasPrefix(line, []byte("...")):
		marker = "..."
	default:
		return false, nil
	}
	rest := line[len(marker):]
	if len(rest) > 0 && rest[0] != ' ' && rest[0] != '\t' && rest[0] != '\n' && rest[0] != '\r' {
		return false, nil // "----" or "---foo": content, not a marker
	}
	rest = bytes.TrimLeft(rest, " \t")
	if marker == "..." || len(bytes.TrimSpace(rest)) == 0 || rest[0] == '#' {
		return true, nil
	}
	return true, append([]byte(nil), rest...)
}

type content int

const (
	noContent content = iota
	onlyDirectives
	hasContent
)

// contentOf tells whether doc has anything but blank and comment lines.
func contentOf(doc []byte) content {
	c := noContent
	for len(doc) > 0 {
		var line []byte
		if i := bytes.IndexByte(doc, '\n'); i >= 0 {
			line, doc = doc[:i], doc[i+1:]
		} else {
			line, doc = doc, nil
		}
		line = bytes.TrimSpace(line)
		switch {
		case len(line) == 0, line[0] == '#':
		case line[0] == '%':
			c = onlyDirectives
		default:
			return hasContent
		}
	}
	return c
}

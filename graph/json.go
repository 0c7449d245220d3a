package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxJSONDepth bounds the nesting of JSON text read into values; real
// policies nest four levels deep.
const maxJSONDepth = 64

// FromJSON reads JSON text (a policy rendered by jsonencode, a heredoc, a
// file) into a value that keeps object keys in their written order. Text
// has no finer positions than the string it came from, so every value gets
// the range r. Holes inside JSON strings are kept.
func FromJSON(text string, r Range) (*Value, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	v, err := readJSON(dec, r, 0)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, errors.New("unexpected end of text")
	}
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("text after the end of the document")
	}
	return v, nil
}

func readJSON(dec *json.Decoder, r Range, depth int) (*Value, error) {
	if depth > maxJSONDepth {
		return nil, errors.New("nested too deeply")
	}
	t, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := t.(type) {
	case json.Delim:
		switch t {
		case '{':
			v := &Value{Type: Map, Range: r}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				name, ok := k.(string)
				if !ok {
					return nil, fmt.Errorf("object key %v is not a string", k)
				}
				e, err := readJSON(dec, r, depth+1)
				if err != nil {
					return nil, err
				}
				v.Fields = append(v.Fields, Field{Name: name, NameRange: r, Value: e})
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			v.Fields = exact(v.Fields)
			return v, nil
		case '[':
			v := &Value{Type: List, Range: r}
			for dec.More() {
				e, err := readJSON(dec, r, depth+1)
				if err != nil {
					return nil, err
				}
				v.List = append(v.List, e)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			v.List = exact(v.List)
			return v, nil
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case string:
		return Str(t, r), nil
	case json.Number:
		return &Value{Type: Number, Str: t.String(), Range: r}, nil
	case bool:
		return &Value{Type: Bool, Bool: t, Range: r}, nil
	case nil:
		return &Value{Type: Null, Range: r}, nil
	}
	return nil, fmt.Errorf("unexpected JSON token %v", t)
}

// exact returns s in an array of its length: values read from JSON outlive
// the load, and the spare capacity that appending left would too.
func exact[T any](s []T) []T {
	if cap(s) == len(s) {
		return s
	}
	return append(make([]T, 0, len(s)), s...)
}

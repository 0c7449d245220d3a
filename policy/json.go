package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/trailint/trailint/graph"
)

// maxDepth bounds nesting; real policies nest four levels deep.
const maxDepth = 64

// fromJSON reads policy JSON text into a graph value that keeps object keys
// in source order. Text has no finer positions than the string it came
// from, so every value gets the range r.
func fromJSON(text string, r graph.Range) (*graph.Value, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	v, err := readJSON(dec, r, 0)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, errors.New("unexpected end of text")
	}
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("text after the end of the document")
	}
	return v, nil
}

func readJSON(dec *json.Decoder, r graph.Range, depth int) (*graph.Value, error) {
	if depth > maxDepth {
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
			v := &graph.Value{Type: graph.Map, Range: r}
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
				v.Fields = append(v.Fields, graph.Field{Name: name, NameRange: r, Value: e})
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return v, nil
		case '[':
			v := &graph.Value{Type: graph.List, Range: r}
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
			return v, nil
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case string:
		return graph.Str(t, r), nil
	case json.Number:
		return &graph.Value{Type: graph.Number, Str: t.String(), Range: r}, nil
	case bool:
		return &graph.Value{Type: graph.Bool, Bool: t, Range: r}, nil
	case nil:
		return &graph.Value{Type: graph.Null, Range: r}, nil
	}
	return nil, fmt.Errorf("unexpected %v", t)
}

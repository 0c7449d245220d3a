package report

import (
	"bytes"
	"encoding/json"
)

// prune drops the members that the library writes with their schema
// default: empty arrays and -1 "not set" markers (index, id, byteOffset,
// charOffset, rank), and an empty property bag. They mean the same as
// absence and would otherwise make up most of the document. results and
// rules stay even when empty, as GitHub requires them. Members keep their
// order.
func prune(v json.RawMessage) (json.RawMessage, error) {
	if len(v) == 0 || (v[0] != '{' && v[0] != '[') {
		return v, nil
	}
	dec := json.NewDecoder(bytes.NewReader(v))
	open, err := dec.Token()
	if err != nil {
		return nil, err
	}
	object := open == json.Delim('{')
	var out bytes.Buffer
	out.WriteByte(v[0])
	first := true
	for dec.More() {
		var key string
		if object {
			tok, err := dec.Token()
			if err != nil {
				return nil, err
			}
			key, _ = tok.(string)
		}
		var elem json.RawMessage
		if err := dec.Decode(&elem); err != nil {
			return nil, err
		}
		if object && isDefault(key, elem) {
			continue
		}
		if elem, err = prune(elem); err != nil {
			return nil, err
		}
		if !first {
			out.WriteByte(',')
		}
		first = false
		if object {
			k, _ := json.Marshal(key)
			out.Write(k)
			out.WriteByte(':')
		}
		out.Write(elem)
	}
	if object {
		out.WriteByte('}')
	} else {
		out.WriteByte(']')
	}
	return out.Bytes(), nil
}

func isDefault(key string, v json.RawMessage) bool {
	switch string(v) {
	case "[]":
		return key != "results" && key != "rules"
	case "-1":
		switch key {
		case "index", "id", "byteOffset", "charOffset", "rank", "ruleIndex":
			return true
		}
	case "{}":
		return key == "properties"
	}
	return false
}

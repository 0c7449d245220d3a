package cloudformation

import (
	"bytes"
	"sort"

	"github.com/trailint/trailint/graph"
)

// readParameters gathers --parameter-file and --parameter values; the
// command line wins over files, later files over earlier ones. Values from
// a file keep their position in it.
func (l *loader) readParameters() {
	for _, f := range l.opts.ParameterFiles {
		l.readParameterFile(f)
	}
	keys := make([]string, 0, len(l.opts.Parameters))
	for k := range l.opts.Parameters {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		l.cliParams[k] = graph.Str(l.opts.Parameters[k], graph.Range{})
	}
}

// readParameterFile reads the CloudFormation CLI form
// [{"ParameterKey": "K", "ParameterValue": "V"}], and also accepts
// {"Parameters": {"K": "V"}} and a plain {"K": "V"} mapping.
func (l *loader) readParameterFile(f string) {
	at := graph.Range{File: f, Start: graph.Pos{Line: 1, Column: 1}, End: graph.Pos{Line: 1, Column: 1}}
	detail := ""
	data, ok := l.readFile(f, func(err error) { detail = err.Error() })
	if !ok {
		l.diag(graph.SevError, graph.ClassFile, at, "parameter file "+f+" cannot be read", detail)
		return
	}
	src := newSource(f, data)
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), " \t\r\n")
	y, err := parseNodes(src, bytes.HasPrefix(trimmed, []byte("[")) || bytes.HasPrefix(trimmed, []byte("{")))
	if err != nil {
		l.diag(graph.SevError, graph.ClassFile, at, "parameter file does not parse: "+err.Error(), "")
		return
	}
	root := (&builder{src: src}).build(y, 0)
	set := func(k, v *node) {
		key, ok := k.text()
		if !ok {
			l.diag(graph.SevError, graph.ClassInput, k.rng, "parameter name is not a string", "")
			return
		}
		if val, ok := v.text(); ok {
			l.cliParams[key] = graph.Str(val, v.rng)
			return
		}
		if v == nil {
			l.diag(graph.SevError, graph.ClassInput, k.rng, "parameter "+key+" has no ParameterValue", "")
			return
		}
		l.diag(graph.SevError, graph.ClassInput, v.rng, "the value of parameter "+key+" is not a string", "")
	}
	switch {
	case root != nil && root.kind == kSeq:
		for _, it := range root.items {
			if k := it.get("ParameterKey"); k != nil {
				set(k, it.get("ParameterValue"))
			} else {
				l.diag(graph.SevError, graph.ClassInput, it.rng, "parameter entry without ParameterKey", "")
			}
		}
	case root != nil && root.kind == kMap:
		m := root
		if p := root.get("Parameters"); p != nil && p.kind == kMap {
			m = p
		}
		for i, k := range m.keys {
			set(k, m.vals[i])
		}
	default:
		l.diag(graph.SevError, graph.ClassInput, at, "parameter file is not a list of ParameterKey/ParameterValue entries", "")
	}
}

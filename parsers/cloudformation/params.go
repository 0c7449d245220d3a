package cloudformation

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

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
	at := fileStart(f)
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

// paramProblems checks the values a template's parameters are given (with
// --parameter or a parameter file) and their defaults against the
// parameters' constraints: CloudFormation refuses a stack whose parameter
// breaks them, so findings made with such a value describe a stack that
// cannot exist. Each is a warning about the input, at the parameter's
// declaration (the default's, for a default), that names what is allowed;
// the value is evaluated as given all the same.
func (l *loader) paramProblems(t *template) []graph.Diagnostic {
	params := t.params
	if params == nil || params.kind != kMap {
		return nil
	}
	var out []graph.Diagnostic
	for i, k := range params.keys {
		decl := params.vals[i]
		typ, _ := decl.get("Type").text()
		if strings.HasPrefix(typ, "AWS::SSM::Parameter::Value<") || decl.kind != kMap {
			continue
		}
		if v := l.cliParams[k.str]; v != nil {
			given := "--parameter " + k.str + "=" + v.Str
			if v.Range.File != "" {
				given = "parameter " + k.str + "=" + v.Str + " of " + v.Range.File
			}
			if why := breaks(decl, typ, v.Str); why != "" {
				out = append(out, graph.Diagnostic{Severity: graph.SevWarning, Class: graph.ClassInput, Range: k.rng,
					Summary: given + " " + why,
					Detail:  "CloudFormation refuses the value; trailint evaluates " + t.file + " with it as given"})
			}
		}
		def := decl.get("Default")
		if text, ok := def.text(); ok {
			if why := breaks(decl, typ, text); why != "" {
				out = append(out, graph.Diagnostic{Severity: graph.SevWarning, Class: graph.ClassInput, Range: def.rng,
					Summary: "the default " + strconv.Quote(text) + " of parameter " + k.str + " " + why,
					Detail:  "CloudFormation refuses the stack when the default is used; trailint evaluates the template with it as given"})
			}
		}
	}
	return out
}

// breaks says which constraint of a parameter declaration the value
// breaks, naming what is allowed; "" when it keeps them all, or when a
// constraint cannot be read. A list is checked item by item, as
// CloudFormation checks it; one that keeps the constraints as a whole
// (AllowedValues: ["a,b"]) is taken as written on purpose.
func breaks(decl *node, typ, value string) string {
	number := typ == "Number" || typ == "List<Number>"
	if typ != "CommaDelimitedList" && !strings.HasPrefix(typ, "List<") {
		return breaksOne(decl, number, value)
	}
	for _, item := range strings.Split(value, ",") {
		item = strings.TrimSpace(item)
		if why := breaksOne(decl, number, item); why != "" {
			if breaksOne(decl, number, value) == "" {
				return ""
			}
			return fmt.Sprintf("has an item %q that %s", item, why)
		}
	}
	return ""
}

func breaksOne(decl *node, number bool, value string) string {
	if allowed := decl.get("AllowedValues"); allowed != nil && allowed.kind == kSeq {
		var texts []string
		in := false
		for _, a := range allowed.items {
			t, ok := a.text()
			if !ok {
				return "" // not a list of values: CloudFormation says so
			}
			texts = append(texts, strconv.Quote(t))
			in = in || t == value || number && sameNumber(t, value)
		}
		if !in {
			return "is not one of the AllowedValues: " + strings.Join(texts, ", ")
		}
	}
	if p, ok := decl.get("AllowedPattern").text(); ok && !number {
		// CloudFormation matches the whole value; a pattern Go cannot
		// compile (a Java construct) is not checked.
		if re, err := regexp.Compile(`^(?:` + p + `)$`); err == nil && !re.MatchString(value) {
			return "does not match the AllowedPattern " + strconv.Quote(p)
		}
	}
	n := int64(utf8.RuneCountInString(value))
	if lo, ok := bound(decl, "MinLength"); ok && !number && float64(n) < lo {
		return fmt.Sprintf("is %d characters long, less than the MinLength %s", n, formatBound(lo))
	}
	if hi, ok := bound(decl, "MaxLength"); ok && !number && float64(n) > hi {
		return fmt.Sprintf("is %d characters long, more than the MaxLength %s", n, formatBound(hi))
	}
	if !number {
		return ""
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
	if err != nil {
		return "is not a number"
	}
	if lo, ok := bound(decl, "MinValue"); ok && x < lo {
		return "is less than the MinValue " + formatBound(lo)
	}
	if hi, ok := bound(decl, "MaxValue"); ok && x > hi {
		return "is more than the MaxValue " + formatBound(hi)
	}
	return ""
}

// bound reads a numeric constraint, written as a number or a string.
func bound(decl *node, key string) (float64, bool) {
	t, ok := decl.get(key).text()
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	return f, err == nil
}

func formatBound(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// sameNumber reports whether two texts are the same number ("1" and "1.0").
func sameNumber(a, b string) bool {
	x, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	y, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	return err1 == nil && err2 == nil && x == y
}

package gen

import (
	"strconv"
	"strings"
)

// obj is a mapping whose keys keep the order they were written in, so that
// the YAML and JSON forms of a template list resources alike.
type obj []kv

type kv struct {
	k string
	v any // string, bool, int, obj, []any or fn
}

// fn is an intrinsic function: YAML writes it as a short tag, JSON as the
// long form {"Fn::Sub": ...}.
type fn struct {
	name string // Ref, Fn::Sub, Fn::GetAtt, Fn::ImportValue
	arg  string
}

func (f fn) long() obj {
	if f.name == "Fn::GetAtt" {
		res, att, _ := strings.Cut(f.arg, ".")
		return obj{{f.name, []any{res, att}}}
	}
	return obj{{f.name, f.arg}}
}

func (f fn) short() string {
	return "!" + strings.TrimPrefix(f.name, "Fn::") + " " + scalar(f.arg)
}

// scalar quotes a YAML scalar when plain style could misread it.
func scalar(s string) string {
	if s == "" || strings.ContainsAny(s, ":*{}[]#&!|>'\"%@`,") || s == "true" || s == "false" {
		return strconv.Quote(s)
	}
	if _, err := strconv.Atoi(s); err == nil {
		return strconv.Quote(s)
	}
	return s
}

// yamlOf writes v as block YAML at the given indentation.
func yamlOf(b *strings.Builder, v any, indent int) {
	pad := strings.Repeat(" ", indent)
	switch v := v.(type) {
	case obj:
		for _, e := range v {
			b.WriteString(pad + scalar(e.k) + ":")
			switch c := e.v.(type) {
			case obj, []any:
				b.WriteString("\n")
				yamlOf(b, c, indent+2)
			default:
				b.WriteString(" " + yamlScalar(c) + "\n")
			}
		}
	case []any:
		for _, e := range v {
			switch c := e.(type) {
			case obj:
				// The first key shares the dash's line.
				var inner strings.Builder
				yamlOf(&inner, c, indent+2)
				b.WriteString(pad + "- " + strings.TrimPrefix(inner.String(), pad+"  "))
			default:
				b.WriteString(pad + "- " + yamlScalar(c) + "\n")
			}
		}
	}
}

func yamlScalar(v any) string {
	switch v := v.(type) {
	case string:
		return scalar(v)
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case fn:
		return v.short()
	}
	return ""
}

// jsonOf writes v as indented JSON.
func jsonOf(b *strings.Builder, v any, indent int) {
	pad := strings.Repeat("  ", indent)
	switch v := v.(type) {
	case obj:
		b.WriteString("{\n")
		for i, e := range v {
			b.WriteString(pad + "  " + strconv.Quote(e.k) + ": ")
			jsonOf(b, e.v, indent+1)
			if i < len(v)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString(pad + "}")
	case []any:
		b.WriteString("[\n")
		for i, e := range v {
			b.WriteString(pad + "  ")
			jsonOf(b, e, indent+1)
			if i < len(v)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString(pad + "]")
	case string:
		b.WriteString(strconv.Quote(v))
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int:
		b.WriteString(strconv.Itoa(v))
	case fn:
		jsonOf(b, v.long(), indent)
	}
}

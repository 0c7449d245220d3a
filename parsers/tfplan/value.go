package tfplan

import (
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/trailint/trailint/graph"
)

// Kind is the kind of a value of the plan.
type Kind uint8

// Kinds of values. Unknown is a value the plan says is known only after
// apply (after_unknown), or one it does not give; it is never guessed.
const (
	Null Kind = iota
	Unknown
	String
	Number
	Bool
	Array
	Object
)

func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Unknown:
		return "unknown"
	case String:
		return "string"
	case Number:
		return "number"
	case Bool:
		return "bool"
	case Array:
		return "array"
	}
	return "object"
}

// Value is a value of the plan with where it is written in the plan file.
type Value struct {
	Kind Kind
	// Str is a String's text, or a Number as written.
	Str    string
	Bool   bool
	Elems  []*Value
	Fields []Field
	// Sensitive is set on a value the plan marks sensitive
	// (after_sensitive, sensitive_values, a sensitive variable) and on
	// everything inside it. The value is kept: the analysis needs it, and
	// reports quote policies, not secrets.
	Sensitive bool
	// Why says, for an Unknown, what decides it:
	// "aws_kms_key.k.arn is known after apply".
	Why string
	// Doc is, for a String that holds a policy document, the document read
	// from the text, each part with the position of its characters in the
	// plan file; nil for other strings and for text that is not JSON.
	Doc *Value
	// Range is where the value is written. A value the plan marks unknown
	// points at its mark in after_unknown.
	Range graph.Range
}

// Field is one member of an Object.
type Field struct {
	Name      string
	NameRange graph.Range
	Value     *Value
}

// Get returns the member of an Object named name, or nil.
func (v *Value) Get(name string) *Value {
	if f := v.Field(name); f != nil {
		return f.Value
	}
	return nil
}

// Field returns the member of an Object named name, or nil.
func (v *Value) Field(name string) *Field {
	if v == nil || v.Kind != Object {
		return nil
	}
	for i := len(v.Fields) - 1; i >= 0; i-- {
		if v.Fields[i].Name == name {
			return &v.Fields[i]
		}
	}
	return nil
}

// KnownString returns a String's text.
func (v *Value) KnownString() (string, bool) {
	if v == nil || v.Kind != String {
		return "", false
	}
	return v.Str, true
}

// Graph converts v to a graph value with the same ranges. A String that
// holds a policy document becomes the document. Sensitivity has no place
// in the graph and is dropped.
func (v *Value) Graph() *graph.Value {
	if v == nil {
		return nil
	}
	if v.Doc != nil {
		return v.Doc.Graph()
	}
	out := &graph.Value{Range: v.Range}
	switch v.Kind {
	case Null:
		out.Type = graph.Null
	case Unknown:
		out.Type, out.Why = graph.Unknown, v.Why
	case String:
		out.Type, out.Str = graph.String, v.Str
	case Number:
		out.Type, out.Str = graph.Number, v.Str
	case Bool:
		out.Type, out.Bool = graph.Bool, v.Bool
	case Array:
		out.Type = graph.List
		if len(v.Elems) > 0 {
			out.List = make([]*graph.Value, len(v.Elems))
			for i, e := range v.Elems {
				out.List[i] = e.Graph()
			}
		}
	case Object:
		out.Type = graph.Map
		if len(v.Fields) > 0 {
			out.Fields = make([]graph.Field, len(v.Fields))
			for i, f := range v.Fields {
				out.Fields[i] = graph.Field{Name: f.Name, NameRange: f.NameRange, Value: f.Value.Graph()}
			}
		}
	}
	return out
}

// Cty converts v to a cty value as Terraform's jsondecode would: arrays
// become tuples and objects objects. An Unknown is cty.DynamicVal. mark,
// when not nil, is asked for the marks of every value that is Unknown or
// Sensitive (the loader's reasons and its sensitivity), and they are put on
// the converted value.
func (v *Value) Cty(mark func(*Value) cty.ValueMarks) cty.Value {
	out := v.cty(mark)
	if mark != nil && v != nil && (v.Kind == Unknown || v.Sensitive) {
		if ms := mark(v); len(ms) > 0 {
			out = out.WithMarks(ms)
		}
	}
	return out
}

func (v *Value) cty(mark func(*Value) cty.ValueMarks) cty.Value {
	if v == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	switch v.Kind {
	case Null:
		return cty.NullVal(cty.DynamicPseudoType)
	case String:
		return cty.StringVal(v.Str)
	case Number:
		if n, ok := ctyNumber(v.Str); ok {
			return n
		}
		return cty.DynamicVal
	case Bool:
		return cty.BoolVal(v.Bool)
	case Array:
		if len(v.Elems) == 0 {
			return cty.EmptyTupleVal
		}
		elems := make([]cty.Value, len(v.Elems))
		for i, e := range v.Elems {
			elems[i] = e.Cty(mark)
		}
		return cty.TupleVal(elems)
	case Object:
		if len(v.Fields) == 0 {
			return cty.EmptyObjectVal
		}
		attrs := make(map[string]cty.Value, len(v.Fields))
		for _, f := range v.Fields {
			attrs[f.Name] = f.Value.Cty(mark) // the last of a name wins, as in JSON readers
		}
		return cty.ObjectVal(attrs)
	}
	return cty.DynamicVal
}

// maxExponent bounds the exponent of numbers converted to cty: parsing
// 1e999999999 would take minutes, and no attribute trailint reads is a
// number that large.
const maxExponent = 400

// ctyNumber parses a JSON number whose exponent is within maxExponent.
func ctyNumber(s string) (cty.Value, bool) {
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+"))
		if err != nil || e > maxExponent || e < -maxExponent {
			return cty.NilVal, false
		}
	}
	if digits := strings.TrimLeft(s, "-"); len(digits) > maxExponent {
		return cty.NilVal, false
	}
	n, err := cty.ParseNumberVal(s)
	if err != nil {
		return cty.NilVal, false
	}
	return n, true
}

// valueOf converts a node of the file.
func (p *Plan) valueOf(n *node) *Value {
	if n == nil {
		return nil
	}
	v := &Value{Range: p.rng(n.start, n.end)}
	switch n.kind {
	case jNull:
		v.Kind = Null
	case jBool:
		v.Kind, v.Bool = Bool, n.b
	case jNumber:
		v.Kind, v.Str = Number, n.text
	case jString:
		v.Kind, v.Str = String, n.text
	case jArray:
		v.Kind = Array
		if len(n.elems) > 0 {
			v.Elems = make([]*Value, len(n.elems))
			for i, e := range n.elems {
				v.Elems[i] = p.valueOf(e)
			}
		}
	case jObject:
		v.Kind = Object
		if len(n.fields) > 0 {
			v.Fields = make([]Field, len(n.fields))
			for i, f := range n.fields {
				v.Fields[i] = Field{Name: f.name, NameRange: p.rng(f.nameStart, f.nameEnd), Value: p.valueOf(f.val)}
			}
		}
	}
	return v
}

// markSensitive marks v and everything inside it.
func markSensitive(v *Value) {
	if v == nil {
		return
	}
	v.Sensitive = true
	for _, e := range v.Elems {
		markSensitive(e)
	}
	for _, f := range v.Fields {
		markSensitive(f.Value)
	}
	markSensitive(v.Doc)
}

// path is where a value is inside an instance, for the reasons of
// unknowns: aws_s3_bucket.b.server_side_encryption_configuration[0].rule.
// It is written out only for the values that need it.
type path struct {
	up    *path
	name  string
	index int
	// root is the instance's address, on the first element only.
	root string
}

func (p *path) attr(name string) *path { return &path{up: p, name: name, index: -1} }
func (p *path) elem(i int) *path       { return &path{up: p, index: i} }

func (p *path) String() string {
	if p == nil {
		return ""
	}
	if p.up == nil {
		return p.root
	}
	s := p.up.String()
	if p.index >= 0 {
		return s + "[" + strconv.Itoa(p.index) + "]"
	}
	if isIdent(p.name) {
		return s + "." + p.name
	}
	return s + "[" + strconv.Quote(p.name) + "]"
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		case i > 0 && (r == '-' || r >= '0' && r <= '9'):
		default:
			return false
		}
	}
	return true
}

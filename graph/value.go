package graph

import (
	"strings"
)

// Type is the shape of a Value.
type Type uint8

// Value types. There is no "absent" type: an absent attribute is a nil
// *Value, so that absent, null and unknown can never be confused.
const (
	Null    Type = iota // written as null, or resolved to nothing (AWS::NoValue is absent instead)
	Unknown             // cannot be known statically; Why says what would decide it
	String              // text, possibly with holes (see Hole)
	Bool
	Number
	List
	Map
	OneOf // one of Alts, not decidable statically (an Fn::If on an unknown condition)
)

func (t Type) String() string {
	switch t {
	case Null:
		return "null"
	case Unknown:
		return "unknown"
	case String:
		return "string"
	case Bool:
		return "bool"
	case Number:
		return "number"
	case List:
		return "list"
	case Map:
		return "map"
	case OneOf:
		return "one of"
	}
	return "?"
}

// Value is an attribute value from either format.
type Value struct {
	Type Type
	// Str holds the text of a String (with holes) and the decimal text of a
	// Number.
	Str    string
	Bool   bool
	List   []*Value
	Fields []Field  // Map entries in source order
	Alts   []*Value // OneOf alternatives
	// Why says, for an Unknown (or a String that is a whole hole), which
	// input would decide it: "var.kms_key_arn has no value".
	Why string
	// Because says, for a known value that is null or empty, what in the
	// configuration made it so: "aws_kms_key.trail has no instance (its
	// count is 0 at main.tf:12:11)". Messages that report the value
	// missing say it, so that the user sees the switch to turn.
	Because string
	// Range is where the value was written. A value computed elsewhere (a
	// variable's default, a parameter) keeps the range where its text is.
	Range Range
	// Refs are the resources this value was computed from: edges.
	Refs []Ref
}

// Field is one entry of a Map.
type Field struct {
	Name      string
	NameRange Range
	Value     *Value
}

// Ref is an edge from a value to a resource: which resource, and which of
// its attributes ("arn", "key_id", "Arn", "" for a plain CloudFormation Ref).
type Ref struct {
	ID   string // the Resource.ID of the target
	Attr string
}

// Str returns a known String value.
func Str(s string, r Range) *Value { return &Value{Type: String, Str: s, Range: r} }

// UnknownValue returns an Unknown that says why.
func UnknownValue(why string, r Range) *Value { return &Value{Type: Unknown, Why: why, Range: r} }

// IsNull reports whether v is absent (nil) or null.
func (v *Value) IsNull() bool { return v == nil || v.Type == Null }

// IsKnown reports whether v is fully known: no Unknown, no hole and no OneOf
// anywhere inside.
func (v *Value) IsKnown() bool {
	if v == nil {
		return true
	}
	switch v.Type {
	case Unknown, OneOf:
		return false
	case String:
		return !HasHoles(v.Str)
	case List:
		for _, e := range v.List {
			if !e.IsKnown() {
				return false
			}
		}
	case Map:
		for _, f := range v.Fields {
			if !f.Value.IsKnown() {
				return false
			}
		}
	}
	return true
}

// Get returns the field of a Map by exact name, or nil.
func (v *Value) Get(name string) *Value {
	if f := v.Field(name); f != nil {
		return f.Value
	}
	return nil
}

// Field returns the Map field by exact name, or nil.
func (v *Value) Field(name string) *Field {
	if v == nil || v.Type != Map {
		return nil
	}
	for i := range v.Fields {
		if v.Fields[i].Name == name {
			return &v.Fields[i]
		}
	}
	return nil
}

// FieldFold returns the Map field whose name equals name ignoring case.
func (v *Value) FieldFold(name string) *Field {
	if v == nil || v.Type != Map {
		return nil
	}
	for i := range v.Fields {
		if strings.EqualFold(v.Fields[i].Name, name) {
			return &v.Fields[i]
		}
	}
	return nil
}

// KnownString returns the text of a String without holes.
func (v *Value) KnownString() (string, bool) {
	if v == nil || v.Type != String || HasHoles(v.Str) {
		return "", false
	}
	return v.Str, true
}

// KnownBool returns a Bool, accepting the strings "true" and "false" as both
// formats do.
func (v *Value) KnownBool() (b, ok bool) {
	if v == nil {
		return false, false
	}
	switch v.Type {
	case Bool:
		return v.Bool, true
	case String:
		switch strings.ToLower(v.Str) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	return false, false
}

// AllRefs returns the refs of v and of everything inside it.
func (v *Value) AllRefs() []Ref {
	var out []Ref
	v.Walk(func(x *Value) { out = append(out, x.Refs...) })
	return out
}

// Walk calls fn on v and every value inside it, depth first.
func (v *Value) Walk(fn func(*Value)) {
	if v == nil {
		return
	}
	fn(v)
	for _, e := range v.List {
		e.Walk(fn)
	}
	for _, f := range v.Fields {
		f.Value.Walk(fn)
	}
	for _, a := range v.Alts {
		a.Walk(fn)
	}
}

// Describe says why v is not known, for messages: the Why of the first
// Unknown inside it, or the origins of its holes.
func (v *Value) Describe() string {
	var why []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			why = append(why, s)
		}
	}
	v.Walk(func(x *Value) {
		switch x.Type {
		case Unknown:
			add(x.Why)
		case String:
			if HasHoles(x.Str) {
				if x.Why != "" {
					add(x.Why)
					return
				}
				for _, o := range Origins(x.Str) {
					add(o)
				}
			}
		}
	})
	return strings.Join(why, "; ")
}

// ScalarText renders a string, number or bool as the text both formats
// compare it by ("true", "90").
func (v *Value) ScalarText() (string, bool) {
	if v == nil {
		return "", false
	}
	switch v.Type {
	case String, Number:
		return v.Str, true
	case Bool:
		if v.Bool {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

package terraform

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/trailint/trailint/graph"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// opaqueFuncs are Terraform functions whose results cannot matter to a key
// or policy check, or cannot be computed without the machine they run on:
// they evaluate to unknown rather than to a diagnostic.
var opaqueFuncs = []string{
	"abspath", "alltrue", "anytrue", "base64decode", "base64encode", "base64gzip",
	"base64sha256", "base64sha512", "bcrypt", "cidrhost", "cidrnetmask", "cidrsubnet",
	"cidrsubnets", "ephemeralasnull", "filebase64", "filebase64sha256", "filebase64sha512",
	"filemd5", "filesha1", "filesha256", "filesha512", "fileset", "formatdate", "issensitive",
	"matchkeys", "md5", "pathexpand", "plantimestamp", "rsadecrypt", "sha1", "sha256",
	"sha512", "sum", "textdecodebase64", "textencodebase64", "timeadd", "timecmp",
	"timestamp", "transpose", "urlencode", "uuid", "uuidv5", "yamldecode", "yamlencode",
	"templatestring",
}

// functions returns the function table for expressions of the root module
// in rootDir; file functions resolve paths from there, as Terraform does.
// The other functions are the same for every root, built once.
func (l *loader) functions(rootDir string) map[string]function.Function {
	if fns, ok := l.funcs[rootDir]; ok {
		return fns
	}
	fns := maps.Clone(fixedFuncs())
	fns["file"] = l.fileFunc(rootDir)
	fns["fileexists"] = l.fileExistsFunc(rootDir)
	// Every call spends from the root's budget, those inside templates too.
	fns = l.budgeted(fns)
	fns["templatefile"] = l.budgetFunc(l.templateFileFunc(rootDir, fns))
	l.funcs[rootDir] = fns
	return fns
}

// fixedFuncs is the part of the function table that reads no file; the
// functions are values without state, shared by all loaders.
var fixedFuncs = sync.OnceValue(func() map[string]function.Function {
	fns := map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc,
		"log": stdlib.LogFunc, "max": stdlib.MaxFunc, "min": stdlib.MinFunc,
		"parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc, "signum": stdlib.SignumFunc,
		"format": stdlib.FormatFunc, "formatlist": stdlib.FormatListFunc,
		"indent": stdlib.IndentFunc, "join": stdlib.JoinFunc, "chomp": stdlib.ChompFunc,
		"regex": guard(stdlib.RegexFunc), "regexall": guard(stdlib.RegexAllFunc),
		"strrev": guard(stdlib.ReverseFunc), "substr": guard(stdlib.SubstrFunc),
		"trim": guard(stdlib.TrimFunc), "trimprefix": guard(stdlib.TrimPrefixFunc),
		"trimsuffix": guard(stdlib.TrimSuffixFunc), "strcontains": guard(strContainsFunc),
		"chunklist": stdlib.ChunklistFunc, "coalescelist": stdlib.CoalesceListFunc,
		"compact": stdlib.CompactFunc, "concat": stdlib.ConcatFunc,
		"contains": guard(stdlib.ContainsFunc), "distinct": stdlib.DistinctFunc,
		"element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc,
		"index": guard(stdlib.IndexFunc), "keys": stdlib.KeysFunc,
		"length": guard(stdlib.LengthFunc), "lookup": guard(stdlib.LookupFunc),
		"merge": stdlib.MergeFunc, "range": stdlib.RangeFunc, "reverse": stdlib.ReverseListFunc,
		"setintersection": stdlib.SetIntersectionFunc, "setproduct": stdlib.SetProductFunc,
		"setsubtract": stdlib.SetSubtractFunc, "setunion": stdlib.SetUnionFunc,
		"slice": stdlib.SliceFunc, "sort": guard(stdlib.SortFunc), "values": stdlib.ValuesFunc,
		"zipmap": stdlib.ZipmapFunc, "csvdecode": stdlib.CSVDecodeFunc,
		"jsondecode": stdlib.JSONDecodeFunc, "jsonencode": stdlib.JSONEncodeFunc,
		"tobool": stdlib.MakeToFunc(cty.Bool), "tolist": stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"tomap": stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)), "tonumber": stdlib.MakeToFunc(cty.Number),
		"toset": stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)), "tostring": stdlib.MakeToFunc(cty.String),
		"try": tryfunc.TryFunc, "can": tryfunc.CanFunc,
		"lower": literalFunc(strings.ToLower), "upper": literalFunc(strings.ToUpper),
		"title":     literalFunc(strings.Title), //nolint:staticcheck // Terraform's title has the same rules
		"trimspace": trimSpaceFunc, "split": splitFunc, "replace": replaceFunc,
		"startswith": affixFunc(true), "endswith": affixFunc(false),
		"coalesce": coalesceFunc, "one": oneFunc,
		"sensitive": identityFunc, "nonsensitive": identityFunc,
		"basename": pathFunc(path.Base), "dirname": pathFunc(path.Dir),
	}
	for _, name := range opaqueFuncs {
		fns[name] = opaqueFunc(name)
	}
	return fns
})

// guard wraps a function that reads the text of its arguments: with a hole
// anywhere in them the answer depends on the hole, so it is unknown.
func guard(f function.Function) function.Function {
	return function.New(&function.Spec{
		Params:   f.Params(),
		VarParam: f.VarParam(),
		Type:     f.ReturnTypeForValues,
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			for _, a := range args {
				if containsHole(a) {
					return cty.UnknownVal(ret), nil
				}
			}
			return f.Call(args)
		},
	})
}

func opaqueFunc(name string) function.Function {
	return function.New(&function.Spec{
		VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType,
			AllowUnknown: true, AllowNull: true, AllowDynamicType: true},
		Type: function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
			return unknownBecause(cty.DynamicPseudoType, name+"() is not evaluated statically"), nil
		},
	})
}

var identityFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType,
		AllowUnknown: true, AllowNull: true, AllowDynamicType: true, AllowMarked: true}},
	Type: func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) { return args[0], nil },
})

func pathFunc(fn func(string) string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if graph.HasHoles(args[0].AsString()) {
				return cty.UnknownVal(cty.String), nil
			}
			return cty.StringVal(fn(args[0].AsString())), nil
		},
	})
}

// literalFunc applies a text function to the literal parts of a string only,
// so that a hole's origin is never rewritten.
func literalFunc(fn func(string) string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.StringVal(mapLiterals(args[0].AsString(), fn)), nil
		},
	})
}

var trimSpaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		s := args[0].AsString()
		segs := graph.Segments(s)
		if len(segs) > 0 && segs[0].Hole == nil {
			s = strings.TrimLeft(s, " \t\n\r\v\f")
		}
		if len(segs) > 0 && segs[len(segs)-1].Hole == nil {
			s = strings.TrimRight(s, " \t\n\r\v\f")
		}
		return cty.StringVal(s), nil
	},
})

var splitFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "separator", Type: cty.String}, {Name: "str", Type: cty.String}},
	Type:   function.StaticReturnType(cty.List(cty.String)),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		sep, s := args[0].AsString(), args[1].AsString()
		if graph.HasHoles(sep) {
			return cty.UnknownVal(cty.List(cty.String)), nil
		}
		if !graph.HasHoles(s) {
			return stdlib.Split(args[0], args[1])
		}
		var out []cty.Value
		for _, p := range graph.Split(s, sep) {
			out = append(out, cty.StringVal(p))
		}
		return cty.ListVal(out), nil
	},
})

var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}, {Name: "replace", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		s, sub, repl := args[0].AsString(), args[1].AsString(), args[2].AsString()
		if len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/' {
			if containsHole(args[0]) || containsHole(args[1]) || containsHole(args[2]) {
				return cty.UnknownVal(cty.String), nil
			}
			return stdlib.RegexReplace(args[0], cty.StringVal(sub[1:len(sub)-1]), args[2])
		}
		if graph.HasHoles(sub) || sub == "" {
			if sub == "" && !graph.HasHoles(s) {
				return stdlib.Replace(args[0], args[1], args[2])
			}
			return cty.UnknownVal(cty.String), nil
		}
		return cty.StringVal(mapLiterals(s, func(t string) string { return strings.ReplaceAll(t, sub, repl) })), nil
	},
})

var strContainsFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}},
	Type:   function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return cty.BoolVal(strings.Contains(args[0].AsString(), args[1].AsString())), nil
	},
})

// affixFunc is startswith or endswith: decided by the literal end of the
// string when it is long enough, unknown otherwise.
func affixFunc(prefix bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "affix", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, a := args[0].AsString(), args[1].AsString()
			if graph.HasHoles(a) {
				return cty.UnknownVal(cty.Bool), nil
			}
			lit, has := s, strings.HasPrefix
			if !prefix {
				has = strings.HasSuffix
			}
			if graph.HasHoles(s) {
				if prefix {
					lit = literalPrefix(s)
				} else {
					lit = literalSuffix(s)
				}
				if len(lit) < len(a) {
					if has(a, lit) {
						return cty.UnknownVal(cty.Bool), nil
					}
					return cty.False, nil
				}
			}
			return cty.BoolVal(has(lit, a)), nil
		},
	})
}

// coalesceFunc is Terraform's coalesce: the first argument that is neither
// null nor an empty string. A hole that may be empty leaves it undecided.
var coalesceFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "vals", Type: cty.DynamicPseudoType,
		AllowUnknown: true, AllowDynamicType: true, AllowNull: true},
	Type: func(args []cty.Value) (cty.Type, error) {
		types := make([]cty.Type, len(args))
		for i, a := range args {
			types[i] = a.Type()
		}
		ty, _ := convert.UnifyUnsafe(types)
		if ty == cty.NilType {
			return cty.NilType, fmt.Errorf("all arguments must have the same type")
		}
		return ty, nil
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		for _, a := range args {
			a, err := convert.Convert(a, ret)
			if err != nil {
				return cty.NilVal, err
			}
			if !a.IsKnown() {
				return cty.UnknownVal(ret), nil
			}
			if a.IsNull() {
				continue
			}
			if a.Type() == cty.String {
				s := a.AsString()
				if s == "" {
					continue
				}
				if minLen(s) == 0 {
					return cty.UnknownVal(ret), nil
				}
			}
			return a, nil
		}
		return cty.NilVal, fmt.Errorf("no non-null, non-empty-string arguments")
	},
})

var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty == cty.DynamicPseudoType:
			return cty.DynamicPseudoType, nil
		case ty.IsListType() || ty.IsSetType():
			return ty.ElementType(), nil
		case ty.IsTupleType():
			ets := ty.TupleElementTypes()
			switch len(ets) {
			case 0:
				return cty.DynamicPseudoType, nil
			case 1:
				return ets[0], nil
			}
			return cty.NilType, fmt.Errorf("must be a list, set, or tuple value with either zero or one elements")
		}
		return cty.NilType, fmt.Errorf("must be a list, set, or tuple value with either zero or one elements")
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		v := args[0]
		if !v.IsKnown() {
			return cty.UnknownVal(ret), nil
		}
		switch v.LengthInt() {
		case 0:
			return cty.NullVal(ret), nil
		case 1:
			return v.AsValueSlice()[0], nil
		}
		return cty.NilVal, fmt.Errorf("must be a list, set, or tuple value with either zero or one elements")
	},
})

// resolve turns a path given to a file function into a path of the scan,
// refusing anything outside it.
func resolve(rootDir, p string) (string, error) {
	if graph.HasHoles(p) {
		return "", fmt.Errorf("the path is not known statically")
	}
	if path.IsAbs(p) || strings.HasPrefix(p, `\`) || (len(p) > 1 && p[1] == ':') {
		return "", fmt.Errorf("absolute path %q is outside the scanned tree", p)
	}
	j := path.Join(rootDir, p)
	if j == ".." || strings.HasPrefix(j, "../") || !fs.ValidPath(j) {
		return "", fmt.Errorf("path %q is outside the scanned tree", p)
	}
	return j, nil
}

func (l *loader) readScanFile(rootDir, p string) (string, error) {
	name, err := resolve(rootDir, p)
	if err != nil {
		return "", err
	}
	st, err := fs.Stat(l.fsys, name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("no file exists at %q", p)
	case err != nil:
		// os.Root refuses a link that leads out of the scan root.
		return "", fmt.Errorf("cannot read %q: it leads outside the scanned tree or is unreadable", p)
	}
	if st.Size() > l.maxSize {
		return "", fmt.Errorf("file %q is over the size limit", p)
	}
	b, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		return "", fmt.Errorf("cannot read %q", p)
	}
	l.files[name] = true
	return string(b), nil
}

func (l *loader) fileFunc(rootDir string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, err := l.readScanFile(rootDir, args[0].AsString())
			if err != nil {
				return cty.NilVal, err
			}
			return cty.StringVal(s), nil
		},
	})
}

func (l *loader) fileExistsFunc(rootDir string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			name, err := resolve(rootDir, args[0].AsString())
			if err != nil {
				return cty.NilVal, err
			}
			st, err := fs.Stat(l.fsys, name)
			return cty.BoolVal(err == nil && !st.IsDir()), nil
		},
	})
}

// errTemplateNesting stops templatefile calling itself without end.
var errTemplateNesting = errors.New("templatefile calls nest more than 8 deep")

func (l *loader) templateFileFunc(rootDir string, fns map[string]function.Function) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "vars", Type: cty.DynamicPseudoType}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			vars := args[1]
			if !vars.Type().IsObjectType() && !vars.Type().IsMapType() {
				return cty.NilVal, fmt.Errorf("vars must be an object or map")
			}
			if !vars.IsWhollyKnown() {
				return cty.UnknownVal(cty.String), nil
			}
			if l.templateDepth > 8 {
				return cty.NilVal, errTemplateNesting
			}
			name, err := resolve(rootDir, args[0].AsString())
			if err != nil {
				return cty.NilVal, err
			}
			tmpl, ok := l.templates[name]
			if !ok {
				src, err := l.readScanFile(rootDir, args[0].AsString())
				if err != nil {
					return cty.NilVal, err
				}
				if d, _ := nesting([]byte(src), false); d > maxNesting {
					return cty.NilVal, fmt.Errorf("template nests too deep")
				}
				l.sources[name] = []byte(src)
				expr, diags := hclsyntax.ParseTemplate([]byte(src), name, hcl.InitialPos)
				if diags.HasErrors() {
					l.hclDiags(diags, graph.SevError)
					expr = nil
				} else {
					_ = hclsyntax.VisitAll(expr, func(n hclsyntax.Node) hcl.Diagnostics {
						if e, ok := n.(*hclsyntax.BinaryOpExpr); ok {
							switch e.Op {
							case hclsyntax.OpEqual:
								e.Op = opEqual
							case hclsyntax.OpNotEqual:
								e.Op = opNotEqual
							}
						}
						return nil
					})
				}
				l.templates[name] = expr
				tmpl = expr
			}
			if tmpl == nil {
				return cty.NilVal, fmt.Errorf("template %q does not parse", args[0].AsString())
			}
			ctx := &hcl.EvalContext{Variables: vars.AsValueMap(), Functions: fns}
			l.templateDepth++
			if renderSize(tmpl, ctx) > maxRendered {
				l.templateDepth--
				return cty.NilVal, fmt.Errorf("the rendered template would be over %d bytes", maxRendered)
			}
			v, diags := tmpl.Value(ctx)
			l.templateDepth--
			if diags.HasErrors() {
				for _, d := range diags {
					// The nesting error is said once, not wrapped by every level.
					if x, ok := hcl.DiagnosticExtra[hclsyntax.FunctionCallDiagExtra](d); ok && errors.Is(x.FunctionCallError(), errTemplateNesting) {
						return cty.NilVal, errTemplateNesting
					}
				}
				return cty.NilVal, fmt.Errorf("%s", diags.Error())
			}
			v, marks := v.Unmark()
			if !v.IsKnown() {
				return cty.UnknownVal(cty.String).WithMarks(marks), nil
			}
			s, err := convert.Convert(v, cty.String)
			if err != nil {
				return cty.NilVal, err
			}
			return s.WithMarks(marks), nil
		},
	})
}

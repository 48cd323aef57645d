// Copyright 2021 FerretDB Inc.
//
// FerretDB v1.24.2 internal/backends/postgresql/query.go with two changes, marked "dangvien patch"
// below: a top-level `$in` of plain values is pushed down to PostgreSQL, as one jsonpath match that
// the GIN indexes serve; an ascending sort on one field is pushed down too, for the find handler's
// sort-and-limit pushdown (handler/msg_find.go). Built in place of the original (infra/local/local.sh,
// ferret_build).
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

package postgresql

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/FerretDB/FerretDB/internal/backends/postgresql/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/iterator"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// selectParams contains params that specify how prepareSelectClause function will
// build the SELECT SQL query.
type selectParams struct {
	Schema  string
	Table   string
	Comment string

	Capped        bool
	OnlyRecordIDs bool
}

// prepareSelectClause returns SELECT clause for default column of provided schema and table name.
//
// For capped collection with onlyRecordIDs, it returns select clause for recordID column.
//
// For capped collection, it returns select clause for recordID column and default column.
func prepareSelectClause(params *selectParams) string {
	if params == nil {
		params = new(selectParams)
	}

	if params.Comment != "" {
		params.Comment = strings.ReplaceAll(params.Comment, "/*", "/ *")
		params.Comment = strings.ReplaceAll(params.Comment, "*/", "* /")
		params.Comment = `/* ` + params.Comment + ` */`
	}

	if params.Capped && params.OnlyRecordIDs {
		return fmt.Sprintf(
			`SELECT %s %s FROM %s`,
			params.Comment,
			metadata.RecordIDColumn,
			pgx.Identifier{params.Schema, params.Table}.Sanitize(),
		)
	}

	if params.Capped {
		return fmt.Sprintf(
			`SELECT %s %s, %s FROM %s`,
			params.Comment,
			metadata.RecordIDColumn,
			metadata.DefaultColumn,
			pgx.Identifier{params.Schema, params.Table}.Sanitize(),
		)
	}

	return fmt.Sprintf(
		`SELECT %s %s FROM %s`,
		params.Comment,
		metadata.DefaultColumn,
		pgx.Identifier{params.Schema, params.Table}.Sanitize(),
	)
}

// prepareWhereClause adds WHERE clause with given filters to the query and returns the query and arguments.
func prepareWhereClause(p *metadata.Placeholder, sqlFilters *types.Document) (string, []any, error) {
	var filters []string
	var args []any

	iter := sqlFilters.Iterator()
	defer iter.Close()

	// iterate through root document
	for {
		rootKey, rootVal, err := iter.Next()
		if err != nil {
			if errors.Is(err, iterator.ErrIteratorDone) {
				break
			}

			return "", nil, lazyerrors.Error(err)
		}

		keyOperator := "->" // keyOperator is the operator that is used to access the field. (->/#>)

		// key can be either a string '"v"' or PostgreSQL path '{v,foo}'.
		// We use path type only for dot notation due to simplicity of SQL queries, and the fact
		// that path doesn't handle empty keys.
		var key any = rootKey

		// don't pushdown $comment, as it's attached to query with select clause
		//
		// all of the other top-level operators such as `$or` do not support pushdown yet
		if strings.HasPrefix(rootKey, "$") {
			continue
		}

		path, err := types.NewPathFromString(rootKey)

		var pe *types.PathError

		switch {
		case err == nil:
			if path.Len() > 1 {
				keyOperator = "#>"
				key = path.Slice() // '{v,foo}'
			}

		case errors.As(err, &pe):
			// ignore empty key error, otherwise return error
			if pe.Code() != types.ErrPathElementEmpty {
				return "", nil, lazyerrors.Error(err)
			}
		default:
			panic("Invalid error type: PathError expected")
		}

		switch v := rootVal.(type) {
		case *types.Document:
			iter := v.Iterator()
			defer iter.Close()

			// iterate through subdocument, as it may contain operators
			for {
				k, v, err := iter.Next()
				if err != nil {
					if errors.Is(err, iterator.ErrIteratorDone) {
						break
					}

					return "", nil, lazyerrors.Error(err)
				}

				switch k {
				case "$eq":
					if f, a := filterEqual(p, key, v, keyOperator); f != "" {
						filters = append(filters, f)
						args = append(args, a...)
					}

				case "$ne":
					sql := `NOT ( ` +
						// does document contain the key,
						// it is necessary, as NOT won't work correctly if the key does not exist.
						`%[1]s ? %[2]s AND ` +
						// does the value under the key is equal to filter value
						`%[1]s->%[2]s @> %[3]s AND ` +
						// does the value type is equal to the filter's one
						`%[1]s->'$s'->'p'->%[2]s->'t' = '"%[4]s"' )`

					switch v := v.(type) {
					case *types.Document, *types.Array, types.Binary,
						types.NullType, types.Regex, types.Timestamp:
						// type not supported for pushdown

					case float64, bool, int32, int64:
						filters = append(filters, fmt.Sprintf(
							sql,
							metadata.DefaultColumn,
							p.Next(),
							p.Next(),
							sjson.GetTypeOfValue(v),
						))

						// merge with the case below?
						// TODO https://github.com/FerretDB/FerretDB/issues/3626
						args = append(args, rootKey, v)

					case string, types.ObjectID, time.Time:
						filters = append(filters, fmt.Sprintf(
							sql,
							metadata.DefaultColumn,
							p.Next(),
							p.Next(),
							sjson.GetTypeOfValue(v),
						))

						// merge with the case above?
						// TODO https://github.com/FerretDB/FerretDB/issues/3626
						args = append(args, rootKey, string(must.NotFail(sjson.MarshalSingleValue(v))))

					default:
						panic(fmt.Sprintf("Unexpected type of value: %v", v))
					}

				case "$in":
					// dangvien patch: without it, `{f: {$in: [...]}}` reads and decodes the whole table.
					if arr, ok := v.(*types.Array); ok {
						if f, a := filterIn(p, key, arr, keyOperator); f != "" {
							filters = append(filters, f)
							args = append(args, a...)
						}
					}

				case "$gt", "$gte", "$lt", "$lte":
					// dangvien patch: a range over strings, the next page of a keyset (`{sortKey: {$gt:
					// last}}`); without it a sort pushed down with a limit read the rows before the page.
					if str, ok := v.(string); ok && keyOperator == "->" {
						f, a := filterStringRange(p, key, str, k)
						filters = append(filters, f)
						args = append(args, a...)
					}

				default:
					// TODO https://github.com/FerretDB/FerretDB/issues/1875
					continue
				}
			}

		case *types.Array, types.Binary, types.NullType, types.Regex, types.Timestamp:
			// type not supported for pushdown

		case float64, string, types.ObjectID, bool, time.Time, int32, int64:
			if f, a := filterEqual(p, key, v, keyOperator); f != "" {
				filters = append(filters, f)
				args = append(args, a...)
			}

		default:
			panic(fmt.Sprintf("Unexpected type of value: %v", v))
		}
	}

	var filter string
	if len(filters) > 0 {
		filter = ` WHERE ` + strings.Join(filters, " AND ")
	}

	return filter, args, nil
}

// prepareOrderByClause returns ORDER BY clause with arguments for given sort document.
//
// The provided sort document should be already validated.
// Provided document should only contain a single value.
func prepareOrderByClause(sort *types.Document) (string, []any) {
	if sort.Len() != 1 {
		return "", nil
	}

	// dangvien patch: an ascending sort on one top-level field, pushed down with a limit by the
	// find handler (handler/msg_find.go), which checks the rows it gets. The rows whose value is not
	// a JSON string (a missing field included) come first, then the strings byte by byte, as MongoDB
	// compares strings. The key is a literal: this function has no placeholder to number arguments.
	if key := sort.Keys()[0]; key != "$natural" {
		field := fmt.Sprintf("%s->%s", metadata.DefaultColumn, quoteLiteral(key))

		return fmt.Sprintf(
			" ORDER BY jsonb_typeof(%[1]s) = 'string' NULLS FIRST, (%[2]s->>%[3]s) COLLATE \"C\"",
			field, metadata.DefaultColumn, quoteLiteral(key),
		), nil
	}

	v := must.NotFail(sort.Get("$natural"))
	var order string

	switch v.(int64) {
	case 1:
		// Ascending order
	case -1:
		order = " DESC"
	default:
		panic("not reachable")
	}

	return fmt.Sprintf(" ORDER BY %s%s", metadata.RecordIDColumn, order), nil
}

// filterEqual returns the proper SQL filter with arguments that filters documents
// where the value under k is equal to v.
func filterEqual(p *metadata.Placeholder, k any, v any, operator string) (filter string, args []any) {
	// Select if value under the key is equal to provided value.
	sql := `%[1]s%[2]s%[3]s @> %[4]s`

	switch v := v.(type) {
	case *types.Document, *types.Array, types.Binary,
		types.NullType, types.Regex, types.Timestamp:
		// type not supported for pushdown

	case float64:
		// If value is not safe double, fetch all numbers out of safe range.
		// TODO https://github.com/FerretDB/FerretDB/issues/3626
		switch {
		case v > types.MaxSafeDouble:
			sql = `%[1]s%[2]s%[3]s > %[4]s`
			v = types.MaxSafeDouble

		case v < -types.MaxSafeDouble:
			sql = `%[1]s%[2]s%[3]s < %[4]s`
			v = -types.MaxSafeDouble
		default:
			// don't change the default eq query
		}

		filter = fmt.Sprintf(sql, metadata.DefaultColumn, operator, p.Next(), p.Next())
		args = append(args, k, v)

	case string, types.ObjectID, time.Time:
		// merge with the case below?
		// TODO https://github.com/FerretDB/FerretDB/issues/3626

		// don't change the default eq query
		filter = fmt.Sprintf(sql, metadata.DefaultColumn, operator, p.Next(), p.Next())
		args = append(args, k, string(must.NotFail(sjson.MarshalSingleValue(v))))

	case bool, int32:
		// merge with the case above?
		// TODO https://github.com/FerretDB/FerretDB/issues/3626

		// don't change the default eq query
		filter = fmt.Sprintf(sql, metadata.DefaultColumn, operator, p.Next(), p.Next())
		args = append(args, k, v)

	case int64:
		// TODO https://github.com/FerretDB/FerretDB/issues/3626
		maxSafeDouble := int64(types.MaxSafeDouble)

		// If value cannot be safe double, fetch all numbers out of the safe range.
		switch {
		case v > maxSafeDouble:
			sql = `%[1]s%[2]s%[3]s > %[4]s`
			v = maxSafeDouble

		case v < -maxSafeDouble:
			sql = `%[1]s%[2]s%[3]s < %[4]s`
			v = -maxSafeDouble
		default:
			// don't change the default eq query
		}

		filter = fmt.Sprintf(sql, metadata.DefaultColumn, operator, p.Next(), p.Next())
		args = append(args, k, v)

	default:
		panic(fmt.Sprintf("Unexpected type of value: %v", v))
	}

	return
}

// filterIn returns the SQL filter with arguments that selects the documents where the value under k
// equals, or is an array holding, one of the values in arr (dangvien patch): one jsonpath match,
// `_jsonb->'f' @@ '$ == v1 || $ == v2 …'`, which the GIN indexes (jsonb_path_ops) serve with one
// lookup per value, and which extracts the field once per row it checks (an OR of containments
// would extract, and detoast, the document once per value: seconds for a few hundred ids). In lax
// mode, jsonpath's default, a comparison with an array compares its elements, as MongoDB does.
//
// Like every pushed-down filter it may select more than it should (numbers of another BSON type
// that compare equal, a string equal to an ObjectId's hex): the handler filters the rows again,
// exactly. A value that an equality does not push down (a document, an array, null, a regular
// expression, a number beyond the safe range or not finite) leaves the whole `$in` to the handler,
// as does an empty list.
func filterIn(p *metadata.Placeholder, k any, arr *types.Array, operator string) (filter string, args []any) {
	if arr.Len() == 0 {
		return "", nil
	}

	arms := make([]string, 0, arr.Len())

	iter := arr.Iterator()
	defer iter.Close()

	for {
		_, v, err := iter.Next()
		if err != nil {
			if errors.Is(err, iterator.ErrIteratorDone) {
				break
			}

			return "", nil
		}

		switch v := v.(type) {
		case string, types.ObjectID, time.Time, bool, int32:
			// pushed down as they are

		case int64:
			if v > int64(types.MaxSafeDouble) || v < -int64(types.MaxSafeDouble) {
				return "", nil
			}

		case float64:
			if math.IsNaN(v) || v > types.MaxSafeDouble || v < -types.MaxSafeDouble {
				return "", nil
			}

		default:
			return "", nil
		}

		// The value as FerretDB stores it: a JSON string or number is a jsonpath literal too.
		arms = append(arms, `$ == `+string(must.NotFail(sjson.MarshalSingleValue(v))))
	}

	filter = fmt.Sprintf(`%s%s%s @@ %s`, metadata.DefaultColumn, operator, p.Next(), p.Next())
	args = append(args, k, strings.Join(arms, " || "))

	return filter, args
}

// quoteLiteral returns s as an SQL string literal (dangvien patch).
func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// filterStringRange returns the SQL filter with arguments that selects the documents where the value
// under k is a string in the range that op ($gt, $gte, $lt or $lte) and v give, compared byte by
// byte as MongoDB compares strings, or is not a JSON string at all (dangvien patch). MongoDB's
// range over a string matches strings only, but of an array any element, which SQL does not look
// into here: every array, like every other value that is not a string, is selected for the handler
// to filter again, so that the filter selects at least what the query matches. A missing field
// is not selected: it never matches.
func filterStringRange(p *metadata.Placeholder, k any, v string, op string) (string, []any) {
	comparison := map[string]string{"$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}[op]
	key := p.Next()

	sql := fmt.Sprintf(
		`(jsonb_typeof(%[1]s->%[2]s) <> 'string' OR (%[1]s->>%[2]s) COLLATE "C" %[3]s %[4]s)`,
		metadata.DefaultColumn, key, comparison, p.Next(),
	)

	return sql, []any{k, v}
}

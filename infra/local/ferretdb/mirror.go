package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgerrcode"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Why the mirror exists: FerretDB's PostgreSQL handler turns a top-level equality filter ({f: v},
// several keys ANDed) into `_jsonb->$1 @> $2` — containment, with the key as a bind parameter — but
// its own createIndexes makes B-tree indexes on ((_jsonb->'f')), which that predicate cannot use. So
// every query scans the table. A GIN index on the same expression serves containment; with the
// server's plan_cache_mode=force_custom_plan the bound key is planned as the constant it is, and
// the planner matches the expression index.
//
// The mirror reads what FerretDB declared from its own metadata (each database is a schema holding
// _ferretdb_database_metadata: per collection its table and its indexes with their keys) and keeps,
// per table, one GIN index for _id and one for every field of every declared index (a compound
// index gives one per field: PostgreSQL ANDs them with a BitmapAnd). An index whose field no declared
// index names any more is dropped; dropping a collection or database drops its table or schema with
// CASCADE, and ours with it. Services keep declaring indexes only through mongoose, as for MongoDB.
//
// Fields with a dot are not mirrored: FerretDB removes dotted keys from the filter it pushes down
// (nested pushdown is off), so such an index could never be used and would only slow writes.

const (
	// mirrorPrefix names our indexes; FerretDB's own always end in "_idx", so names never collide.
	mirrorPrefix  = "dvgin_"
	metadataTable = "_ferretdb_database_metadata"
)

// mirroredIndex is one GIN index the mirror keeps: field `field` of `table` in schema `schema`.
type mirroredIndex struct {
	schema, table, field, collection string
}

// name is stable for a (table, field) pair and unique within a schema (PostgreSQL's scope for
// index names): a hash, because table names are already up to 63 characters long.
func (i mirroredIndex) name() string {
	h := fnv.New64a()
	h.Write([]byte(i.table))
	h.Write([]byte{0})
	h.Write([]byte(i.field))
	return fmt.Sprintf("%s%016x", mirrorPrefix, h.Sum64())
}

func (i mirroredIndex) key() string { return i.schema + "." + i.name() }

// collectionMetadata is the part of a _ferretdb_database_metadata row the mirror needs. The row is
// FerretDB's "sjson": a JSON object whose "$s" keys carry type information, ignored here.
type collectionMetadata struct {
	Name    string `json:"_id"`
	Table   string `json:"table"`
	Indexes []struct {
		Name string                     `json:"name"`
		Key  map[string]json.RawMessage `json:"key"`
	} `json:"indexes"`
}

// desiredIndexes lists the indexes one collection needs: _id, and each field of each declared index
// once, in a stable order. Dotted fields are returned apart (see above).
func desiredIndexes(schema string, raw []byte) (indexes []mirroredIndex, dotted []string, err error) {
	var meta collectionMetadata
	if err = json.Unmarshal(raw, &meta); err != nil {
		return nil, nil, fmt.Errorf("metadata row in %s: %w", schema, err)
	}
	if meta.Table == "" {
		return nil, nil, fmt.Errorf("metadata row in %s for %q has no table", schema, meta.Name)
	}
	fields := map[string]bool{"_id": true}
	for _, index := range meta.Indexes {
		for field := range index.Key {
			if field == "$s" {
				continue
			}
			if strings.Contains(field, ".") {
				dotted = append(dotted, field)
				continue
			}
			fields[field] = true
		}
	}
	names := make([]string, 0, len(fields))
	for field := range fields {
		names = append(names, field)
	}
	sort.Strings(names)
	for _, field := range names {
		indexes = append(indexes, mirroredIndex{schema: schema, table: meta.Table, field: field, collection: meta.Name})
	}
	sort.Strings(dotted)
	return indexes, dotted, nil
}

type indexMirror struct {
	pool *pgxpool.Pool
	log  *slog.Logger
	// warned holds what was already logged once: dotted fields, a repeated error.
	warned    map[string]bool
	lastError string
}

func newIndexMirror(ctx context.Context, url string, log *slog.Logger) (*indexMirror, error) {
	config, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	// One connection: the mirror works one statement at a time and must not take FerretDB's slots.
	config.MaxConns = 1
	config.ConnConfig.RuntimeParams["application_name"] = "dangvien-index-mirror"
	// Never queue for long behind a writer's lock: a CREATE INDEX waiting for its lock would make
	// every later writer of that table wait too. The next round tries again.
	config.ConnConfig.RuntimeParams["lock_timeout"] = "1000"
	pool, err := pgxpool.NewWithConfig(ctx, config)
	if err != nil {
		return nil, err
	}
	return &indexMirror{pool: pool, log: log, warned: map[string]bool{}}, nil
}

func (m *indexMirror) close() { m.pool.Close() }

// run syncs every interval until ctx ends. An error is logged once until a round succeeds again.
func (m *indexMirror) run(ctx context.Context, interval time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		err := m.sync(ctx)
		if ctx.Err() != nil {
			return
		}
		switch {
		case err != nil && err.Error() != m.lastError:
			m.log.Warn("index mirror round failed; retrying", "error", err)
			m.lastError = err.Error()
		case err == nil && m.lastError != "":
			m.log.Info("index mirror works again")
			m.lastError = ""
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// sync makes the mirrored indexes match FerretDB's metadata once.
func (m *indexMirror) sync(ctx context.Context) error {
	desired, err := m.desired(ctx)
	if isVanished(err) {
		// A database was dropped between listing the schemas and reading them: read again.
		desired, err = m.desired(ctx)
	}
	if err != nil {
		return err
	}
	existing, err := m.existing(ctx)
	if err != nil {
		return err
	}
	for key, index := range desired {
		if _, ok := existing[key]; ok {
			continue
		}
		if err := m.create(ctx, index); err != nil {
			return err
		}
	}
	for key, index := range existing {
		if _, ok := desired[key]; ok {
			continue
		}
		if err := m.drop(ctx, index); err != nil {
			return err
		}
	}
	return nil
}

// desired reads every FerretDB database's metadata in two queries, whatever the number of databases.
func (m *indexMirror) desired(ctx context.Context) (map[string]mirroredIndex, error) {
	rows, err := m.pool.Query(ctx, `
		SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relname = $1 AND c.relkind = 'r' ORDER BY 1`, metadataTable)
	if err != nil {
		return nil, err
	}
	schemas, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	desired := map[string]mirroredIndex{}
	if len(schemas) == 0 {
		return desired, nil
	}

	parts := make([]string, len(schemas))
	args := make([]any, len(schemas))
	for i, schema := range schemas {
		parts[i] = fmt.Sprintf(`SELECT $%d::text, _jsonb::text FROM %s`, i+1, pgx.Identifier{schema, metadataTable}.Sanitize())
		args[i] = schema
	}
	rows, err = m.pool.Query(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var schema, raw string
		if err := rows.Scan(&schema, &raw); err != nil {
			return nil, err
		}
		indexes, dotted, err := desiredIndexes(schema, []byte(raw))
		if err != nil {
			return nil, err
		}
		for _, index := range indexes {
			desired[index.key()] = index
		}
		for _, field := range dotted {
			if key := schema + "." + indexes[0].table + "." + field; !m.warned[key] {
				m.warned[key] = true
				m.log.Info("not mirrored: FerretDB does not push down filters on dotted fields",
					"schema", schema, "collection", indexes[0].collection, "field", field)
			}
		}
	}
	return desired, rows.Err()
}

// existingIndex is one of the mirror's indexes as PostgreSQL lists it.
type existingIndex struct {
	schema, table, name string
}

// existing lists the mirror's indexes, found by their name prefix.
func (m *indexMirror) existing(ctx context.Context) (map[string]existingIndex, error) {
	rows, err := m.pool.Query(ctx, `
		SELECT schemaname, tablename, indexname FROM pg_indexes
		WHERE indexname LIKE $1 AND schemaname NOT LIKE 'pg\_%'`, strings.ReplaceAll(mirrorPrefix, "_", `\_`)+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	existing := map[string]existingIndex{}
	for rows.Next() {
		var index existingIndex
		if err := rows.Scan(&index.schema, &index.table, &index.name); err != nil {
			return nil, err
		}
		existing[index.schema+"."+index.name] = index
	}
	return existing, rows.Err()
}

func (m *indexMirror) create(ctx context.Context, index mirroredIndex) error {
	started := time.Now()
	// jsonb_path_ops: smaller and faster than the default jsonb_ops, and it serves @>, the only
	// operator FerretDB pushes down. An array field contains a scalar it holds ('["a","b"]' @> '"a"'),
	// so the same index serves membership queries such as {ancestorIds: id}.
	// fastupdate=off: by default GIN queues new entries in a pending list that every query reads
	// linearly until a vacuum merges it; after a bulk insert of 100,000 documents that made a lookup
	// by _id take 10 ms instead of 0.05 ms. Writing each entry into the index at once costs inserts less.
	q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s USING gin ((_jsonb -> %s) jsonb_path_ops) WITH (fastupdate = off)`,
		pgx.Identifier{index.name()}.Sanitize(),
		pgx.Identifier{index.schema, index.table}.Sanitize(),
		quoteLiteral(index.field))
	if _, err := m.pool.Exec(ctx, q); err != nil {
		if isVanished(err) {
			return nil // the collection went away meanwhile; the next round knows
		}
		if isLockTimeout(err) {
			m.log.Debug("table busy, will retry", "schema", index.schema, "table", index.table)
			return nil
		}
		return fmt.Errorf("creating %s on %s.%s (%s): %w", index.name(), index.schema, index.table, index.field, err)
	}
	comment := fmt.Sprintf(`COMMENT ON INDEX %s IS %s`,
		pgx.Identifier{index.schema, index.name()}.Sanitize(),
		quoteLiteral(fmt.Sprintf("dangvien index mirror: field %q of FerretDB collection %q", index.field, index.collection)))
	if _, err := m.pool.Exec(ctx, comment); err != nil && !isVanished(err) {
		return fmt.Errorf("commenting %s: %w", index.name(), err)
	}
	m.log.Info("mirrored index created", "schema", index.schema, "collection", index.collection,
		"field", index.field, "index", index.name(), "took", time.Since(started).Round(time.Millisecond))
	return nil
}

func (m *indexMirror) drop(ctx context.Context, index existingIndex) error {
	q := `DROP INDEX IF EXISTS ` + pgx.Identifier{index.schema, index.name}.Sanitize()
	if _, err := m.pool.Exec(ctx, q); err != nil {
		if isVanished(err) || isLockTimeout(err) {
			return nil
		}
		return fmt.Errorf("dropping %s.%s: %w", index.schema, index.name, err)
	}
	m.log.Info("mirrored index dropped (no declared index names its field any more)",
		"schema", index.schema, "table", index.table, "index", index.name)
	return nil
}

// quoteLiteral quotes a string for SQL; safe because FerretDB refuses to run unless the server has
// standard_conforming_strings=on (backslashes are then ordinary characters).
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// isVanished: the table or schema was dropped between reading the metadata and using it.
func isVanished(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) &&
		(pgErr.Code == pgerrcode.UndefinedTable || pgErr.Code == pgerrcode.InvalidSchemaName)
}

func isLockTimeout(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == pgerrcode.LockNotAvailable
}

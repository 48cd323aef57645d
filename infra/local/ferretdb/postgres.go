package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgerrcode"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ensureDatabase creates the PostgreSQL database named in url when it does not exist yet. FerretDB
// needs it to exist, and a fresh cluster only has `postgres`; doing it here means no client tool
// (createdb, psql) is needed to set up a cluster or a throw-away database for a benchmark.
func ensureDatabase(ctx context.Context, url string) error {
	// pgxpool's parser, because the URL may carry pool settings (pool_max_conns) for FerretDB.
	poolConfig, err := pgxpool.ParseConfig(url)
	if err != nil {
		return fmt.Errorf("parsing the URL: %w", err)
	}
	config := poolConfig.ConnConfig
	name := config.Database
	if name == "" || name == "postgres" {
		return nil
	}
	config.Database = "postgres"

	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()

	conn, err := pgx.ConnectConfig(ctx, config)
	if err != nil {
		return fmt.Errorf("connecting to %s:%d: %w", config.Host, config.Port, err)
	}
	defer conn.Close(context.Background())

	var exists bool
	if err = conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return fmt.Errorf("looking for database %q: %w", name, err)
	}
	if exists {
		return nil
	}

	// FerretDB accepts only UTF8 databases with a C-like collation; template0 lets us say so even
	// when the cluster's default differs.
	q := `CREATE DATABASE ` + pgx.Identifier{name}.Sanitize() + ` TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`
	if _, err = conn.Exec(ctx, q); err != nil {
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == pgerrcode.DuplicateDatabase {
			return nil // another process created it meanwhile
		}
		return fmt.Errorf("creating database %q: %w", name, err)
	}
	return nil
}

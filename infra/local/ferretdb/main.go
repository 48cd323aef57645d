// Command ferretdb-embedded runs FerretDB v1 with SQLite storage on a loopback port.
//
// Why embedded: `go install` of FerretDB's own command panics at start (its version file is
// generated at release time and absent from the module), while the library entry point works.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on (keep it on loopback)")
	dataDir := flag.String("data", "./data", "directory that holds the SQLite databases")
	handler := flag.String("handler", "sqlite", "storage handler: sqlite or postgresql")
	pgURL := flag.String("postgresql-url", "", "PostgreSQL URL when -handler=postgresql")
	flag.Parse()

	if err := os.MkdirAll(*dataDir, 0o755); err != nil {
		log.Fatalf("data directory: %v", err)
	}

	cfg := ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Handler:       *handler,
		SQLiteURL:     "file:" + *dataDir + "/",
		PostgreSQLURL: *pgURL,
	}
	f, err := ferretdb.New(&cfg)
	if err != nil {
		log.Fatalf("ferretdb: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	log.Printf("ferretdb listening on %s (handler %s)", *listen, *handler)
	f.Run(ctx)
}

// Command ferretdb-embedded runs FerretDB v1 on a loopback port, with SQLite storage or on a
// PostgreSQL database; on PostgreSQL it also mirrors every declared index as GIN expression indexes
// (mirror.go), without which no query is served by an index there.
//
// Why embedded: `go install` of FerretDB's own command panics at start (its version file is
// generated at release time and absent from the module), while the library entry point works.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof" // served only with -pprof
	"net/url"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/build/version"
	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on (keep it on loopback)")
	dataDir := flag.String("data", "./data", "directory that holds the SQLite databases (-handler sqlite)")
	handler := flag.String("handler", "sqlite", "storage handler: sqlite or postgresql")
	pgURL := flag.String("postgresql-url", "", "PostgreSQL URL when -handler=postgresql; its database is created when missing, pool_max_conns defaults to 16")
	mirror := flag.Bool("mirror-indexes", true, "on PostgreSQL, keep a GIN expression index for _id and every indexed field")
	mirrorInterval := flag.Duration("mirror-interval", 250*time.Millisecond, "how often the index mirror reads FerretDB's metadata")
	serialise := flag.Bool("serialise-writes", true, "let one update, findAndModify or delete through at a time (gate.go)")
	pprofAddr := flag.String("pprof", "", "loopback address to serve Go's profiles on (/debug/pprof/), e.g. 127.0.0.1:6060; off when empty")
	flag.Parse()

	if *pprofAddr != "" {
		go func() {
			if err := http.ListenAndServe(*pprofAddr, nil); err != nil {
				log.Printf("pprof: %v", err)
			}
		}()
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// A library build does not know its release (FerretDB writes it into a file at release time):
	// take the module's, so that buildInfo and the startup warnings say "v1.24.2", not "unknown".
	if build, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range build.Deps {
			if dep.Path == "github.com/FerretDB/FerretDB" {
				version.Get().Version = dep.Version
			}
		}
	}
	// Clients that adapt to what this build can do read it from buildInfo (@dangvien/db does).
	version.Get().BuildEnvironment.Set("dangvienPatches", patches)

	// With the write gate, FerretDB itself listens on a loopback port of the system's choosing and
	// the gate on the address clients use.
	ferretListen := *listen
	if *serialise {
		ferretListen = "127.0.0.1:0"
	}
	cfg := ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: ferretListen},
		Handler:  *handler,
	}
	switch *handler {
	case "sqlite":
		if err := os.MkdirAll(*dataDir, 0o755); err != nil {
			log.Fatalf("data directory: %v", err)
		}
		cfg.SQLiteURL = "file:" + *dataDir + "/"
	case "postgresql":
		if *pgURL == "" {
			log.Fatal("-handler postgresql needs -postgresql-url")
		}
		url := withPoolSize(*pgURL, defaultPoolSize)
		if err := ensureDatabase(ctx, url); err != nil {
			log.Fatalf("postgresql: %v", err)
		}
		cfg.PostgreSQLURL = url
	default:
		log.Fatalf("unknown -handler %q (sqlite or postgresql)", *handler)
	}

	f, err := ferretdb.New(&cfg)
	if err != nil {
		log.Fatalf("ferretdb: %v", err)
	}

	if *handler == "postgresql" && *mirror {
		m, err := newIndexMirror(ctx, *pgURL, slog.Default().With("name", "index-mirror"))
		if err != nil {
			log.Fatalf("index mirror: %v", err)
		}
		defer m.close()
		go m.run(ctx, *mirrorInterval)
	}

	if !*serialise {
		log.Printf("ferretdb listening on %s (handler %s%s, writes not serialised)", *listen, *handler, describeMirror(*handler, *mirror))
		f.Run(ctx)
		return
	}

	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatalf("listen: %v", err)
	}
	ran := make(chan struct{})
	go func() {
		defer close(ran)
		f.Run(ctx)
	}()
	// MongoDBURI waits until FerretDB's listener is up.
	upstream, err := url.Parse(f.MongoDBURI())
	if err != nil {
		log.Fatalf("ferretdb address: %v", err)
	}
	gate := newWriteGate(upstream.Host, slog.Default().With("name", "write-gate"))
	served := make(chan struct{})
	go func() {
		defer close(served)
		gate.serve(ctx, listener)
	}()
	log.Printf("ferretdb listening on %s (handler %s%s, one read-modify-write at a time, FerretDB itself on %s)",
		*listen, *handler, describeMirror(*handler, *mirror), upstream.Host)
	<-ran
	select {
	case <-served:
	case <-time.After(5 * time.Second):
		log.Print("write gate: connections still open after FerretDB stopped; exiting anyway")
	}
}

// patches names the fixes of patches/ this build carries, comma-separated: "bulk-update" for
// msg_update.go, "in-pushdown" for query.go (a top-level `$in` of plain values served by indexes),
// "sort-pushdown" for msg_find.go with query.go (a page sorted on one field read as the page only),
// "no-resource-tracking" for resource.go (no lifetime tracking of iterators outside debug builds).
const patches = "bulk-update,in-pushdown,sort-pushdown,no-resource-tracking"

// defaultPoolSize is how many connections FerretDB keeps to PostgreSQL unless the URL says
// (pgx's own default is 4). The batched reads of @dangvien/db send 16 lookups at once.
const defaultPoolSize = 16

// withPoolSize adds pool_max_conns to a PostgreSQL URL or keyword/value string that has none.
func withPoolSize(url string, size int) string {
	if strings.Contains(url, "pool_max_conns") {
		return url
	}
	if !strings.HasPrefix(url, "postgres://") && !strings.HasPrefix(url, "postgresql://") {
		return fmt.Sprintf("%s pool_max_conns=%d", url, size)
	}
	separator := "?"
	if strings.Contains(url, "?") {
		separator = "&"
	}
	return fmt.Sprintf("%s%spool_max_conns=%d", url, separator, size)
}

func describeMirror(handler string, mirror bool) string {
	if handler != "postgresql" {
		return ""
	}
	return fmt.Sprintf(", index mirroring %t", mirror)
}

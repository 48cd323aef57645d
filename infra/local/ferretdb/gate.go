package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
)

// Why the gate exists. FerretDB v1 runs update, findAndModify and delete as read–modify–write in its
// own process: it opens a query on the storage, then, with that query still open, writes the changed
// documents in a second statement. Two consequences, measured on both storages (infra/local/README.md):
//   - two such commands on one document overlap and one overwrites the other (200 concurrent $inc
//     kept 82; of three version-guarded writers, two or three matched);
//   - on PostgreSQL each command holds one pooled connection while it waits for a second: as many
//     concurrent writes as the pool has connections wait for each other forever, and FerretDB hangs.
// The gate proxies the wire protocol in front of FerretDB and lets one such command through at a
// time, across all clients. Everything else (reads, inserts, admin commands) passes untouched and
// concurrently. MongoDB needs none of this: its single-document writes are atomic.

// gatedCommands are the read–modify–write commands; the command name is a section-0 document's first key.
var gatedCommands = map[string]bool{"update": true, "findAndModify": true, "findandmodify": true, "delete": true}

const (
	opMsg = 2013
	// maxMessageSize is MongoDB's limit (48 MB) with room: anything larger is not a message.
	maxMessageSize      = 64 << 20
	flagChecksumPresent = 1 << 0
	flagMoreToCome      = 1 << 1
)

type writeGate struct {
	upstream string
	slot     chan struct{}
	log      *slog.Logger
}

func newWriteGate(upstream string, log *slog.Logger) *writeGate {
	return &writeGate{upstream: upstream, slot: make(chan struct{}, 1), log: log}
}

// serve accepts clients until ctx ends, then closes every connection it proxies.
func (g *writeGate) serve(ctx context.Context, listener net.Listener) {
	var conns sync.WaitGroup
	done := make(chan struct{})
	go func() {
		<-ctx.Done()
		close(done)
		listener.Close()
	}()
	for {
		client, err := listener.Accept()
		if err != nil {
			select {
			case <-done:
				conns.Wait()
				return
			default:
				g.log.Warn("accept failed", "error", err)
				continue
			}
		}
		conns.Add(1)
		go func() {
			defer conns.Done()
			g.proxy(client, done)
		}()
	}
}

// proxy forwards one client connection. Messages are forwarded whole and unchanged; a gated request
// takes the slot before it goes upstream and gives it back when its reply (responseTo) comes back.
func (g *writeGate) proxy(client net.Conn, shutdown <-chan struct{}) {
	defer client.Close()
	server, err := net.Dial("tcp", g.upstream)
	if err != nil {
		g.log.Warn("cannot reach FerretDB", "error", err)
		return
	}
	defer server.Close()

	var mu sync.Mutex
	holding := int32(0) // request id of the gated write in flight on this connection, 0 for none
	hasSlot := false
	release := func(responseTo int32, always bool) {
		mu.Lock()
		defer mu.Unlock()
		if hasSlot && (always || responseTo == holding) {
			hasSlot, holding = false, 0
			<-g.slot
		}
	}
	closed := make(chan struct{})

	go func() { // FerretDB → client
		defer close(closed)
		defer client.Close()
		reader := bufio.NewReader(server)
		for {
			message, err := readMessage(reader)
			if err != nil {
				return
			}
			release(int32(binary.LittleEndian.Uint32(message[8:12])), false)
			if _, err := client.Write(message); err != nil {
				return
			}
		}
	}()
	defer release(0, true) // a connection that goes away mid-write gives the slot back

	reader := bufio.NewReader(client)
	for {
		message, err := readMessage(reader)
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
				g.log.Debug("client connection ended", "error", err)
			}
			server.Close()
			<-closed
			return
		}
		if gated, waitsForReply := isGatedWrite(message); gated {
			select {
			case g.slot <- struct{}{}:
			case <-closed:
				return
			case <-shutdown:
				return
			}
			if waitsForReply {
				mu.Lock()
				hasSlot, holding = true, int32(binary.LittleEndian.Uint32(message[4:8]))
				mu.Unlock()
			} else {
				// An unacknowledged write has no reply to wait for: it gets the slot to be sent alone.
				<-g.slot
			}
		}
		if _, err := server.Write(message); err != nil {
			return
		}
	}
}

// readMessage reads one wire-protocol message: a 16-byte header whose first field is the length.
func readMessage(r *bufio.Reader) ([]byte, error) {
	var header [16]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	length := int(binary.LittleEndian.Uint32(header[0:4]))
	if length < 16 || length > maxMessageSize {
		return nil, fmt.Errorf("message length %d out of range", length)
	}
	message := make([]byte, length)
	copy(message, header[:])
	if _, err := io.ReadFull(r, message[16:]); err != nil {
		return nil, err
	}
	return message, nil
}

// isGatedWrite tells whether an OP_MSG carries a read–modify–write command, and whether a reply
// will come (not when the client set moreToCome: an unacknowledged write).
func isGatedWrite(message []byte) (gated, waitsForReply bool) {
	if binary.LittleEndian.Uint32(message[12:16]) != opMsg || len(message) < 21 {
		return false, false
	}
	flags := binary.LittleEndian.Uint32(message[16:20])
	end := len(message)
	if flags&flagChecksumPresent != 0 {
		end -= 4
	}
	for at := 20; at < end; {
		kind := message[at]
		at++
		if at+4 > end {
			return false, false
		}
		size := int(binary.LittleEndian.Uint32(message[at : at+4]))
		if size < 5 || at+size > end {
			return false, false
		}
		if kind == 0 {
			// A BSON document: int32 size, then elements (type byte, cstring name, value).
			doc := message[at : at+size]
			if len(doc) < 6 || doc[4] == 0 {
				return false, false
			}
			name := doc[5:]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				return gatedCommands[string(name[:i])], flags&flagMoreToCome == 0
			}
			return false, false
		}
		at += size // kind 1: a document sequence, its size includes itself
	}
	return false, false
}

import { parse } from 'graphql';
import { ACCESS_DIRECTIVES_SDL, ACCESS_SPEC_URL } from '@dangvien/auth';
import { Schema } from 'mongoose';
import { EVENT_TYPES, TOPICS } from '@dangvien/contracts';
import { mutationPayload } from '@dangvien/graphql';
import { createService, readServiceEnvironment } from '@dangvien/runtime';
import type { ServiceOverrides } from '@dangvien/runtime';

// A throw-away subgraph with everything a new service wires: a name, an SDL, resolvers, a model, an
// outbox collection, a consumer and a context. It takes the name of a service with declared topics
// (emulation) so that the runtime's topic handling is exercised too.
export const SANDBOX_SDL = `
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@composeDirective"])
    @link(url: "${ACCESS_SPEC_URL}", import: ["@personal", "@sensitive", "@allow"])
    @composeDirective(name: "@personal") @composeDirective(name: "@sensitive") @composeDirective(name: "@allow")
  ${ACCESS_DIRECTIVES_SDL}
  type Note @key(fields: "id") { id: ID! text: String! }
  type UserError @shareable { field: [String!] code: String! message: String! legalReference: String }
  type NotePayload { note: Note userErrors: [UserError!]! }
  type Query { note(id: ID!): Note memberEventsSeen: Int! }
  type Mutation { writeNote(text: String!): NotePayload! @allow(roles: ["PROVINCIAL_ADMIN"]) }
`;

interface Note {
  _id: string;
  text: string;
}

export function createSandboxService(
  environment: Record<string, string | undefined>,
  overrides: ServiceOverrides = {},
) {
  let seen = 0;
  return createService({
    name: 'emulation',
    config: readServiceEnvironment('emulation', {}, environment),
    typeDefs: parse(SANDBOX_SDL),
    ...overrides,
    resolvers: {
      Query: {
        note: (_: unknown, { id }: { id: string }, context: { find(id: string): Promise<Note | null> }) =>
          context.find(id),
        memberEventsSeen: () => seen,
      },
      Mutation: {
        writeNote: (
          _: unknown,
          { text }: { text: string },
          context: { write(text: string): Promise<Note> },
        ) => mutationPayload(async () => ({ note: await context.write(text) }), { note: null }),
      },
      Note: { id: (note: Note) => note._id },
    },
    parts: (runtime) => {
      const notes = runtime.database.connection.model<Note>(
        'Note',
        new Schema({ _id: String, text: String }, { versionKey: false }),
      );
      return {
        outbox: [notes.collection as never],
        consumers: [
          {
            name: 'sandbox.member-events',
            topics: [TOPICS.members],
            types: [EVENT_TYPES.MemberAdmitted],
            handleBatch: async (events) => void (seen += events.length),
          },
        ],
        context: () => ({
          find: (id: string) => notes.findById(id).lean<Note>().exec(),
          write: (text: string) =>
            runtime.exclusive(async () => {
              const note = { _id: runtime.stamp().newId(), text };
              await runtime.outbox.insert(notes.collection as never, note, []);
              return note;
            }),
        }),
      };
    },
  });
}

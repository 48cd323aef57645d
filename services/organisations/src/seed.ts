import type { LocalityKind, OrganisationLevel, OrganisationSector } from '@dangvien/contracts';

interface DemoLocality {
  code: string;
  name: string;
  kind: LocalityKind;
  /** Code of the covering cell, if any. */
  cell?: string;
  head: { name: string; member: boolean };
}

interface DemoNode {
  code: string;
  name: string;
  level: OrganisationLevel;
  sector: OrganisationSector;
  enterprise?: { name: string; taxCode: string | null };
  children?: DemoNode[];
  localities?: DemoLocality[];
}

/** A small, plausible slice of Thái Nguyên after the 2025 reform (communes directly under the province). */
export const DEMO_TREE: DemoNode = {
  code: 'TN',
  name: 'Đảng bộ tỉnh Thái Nguyên',
  level: 'PROVINCE',
  sector: 'STATE_AGENCY',
  children: [
    {
      code: 'TN.PDP',
      name: 'Đảng bộ phường Phan Đình Phùng',
      level: 'COMMUNE',
      sector: 'RESIDENTIAL',
      children: [
        { code: 'TN.PDP.TDP01', name: 'Chi bộ tổ dân phố 1', level: 'CELL', sector: 'RESIDENTIAL' },
        { code: 'TN.PDP.TDP02', name: 'Chi bộ tổ dân phố 2', level: 'CELL', sector: 'RESIDENTIAL' },
        {
          code: 'TN.PDP.THCS',
          name: 'Chi bộ Trường THCS Nha Trang',
          level: 'GRASSROOTS_CELL',
          sector: 'SCHOOL',
        },
      ],
      localities: [
        {
          code: 'L.PDP.TDP01',
          name: 'Tổ dân phố 1',
          kind: 'RESIDENTIAL_GROUP',
          cell: 'TN.PDP.TDP01',
          head: { name: 'Nguyễn Văn Hùng', member: true },
        },
        {
          code: 'L.PDP.TDP02',
          name: 'Tổ dân phố 2',
          kind: 'RESIDENTIAL_GROUP',
          cell: 'TN.PDP.TDP02',
          head: { name: 'Trần Thị Lan', member: true },
        },
        {
          code: 'L.PDP.TDP03',
          name: 'Tổ dân phố 3',
          kind: 'RESIDENTIAL_GROUP',
          cell: 'TN.PDP.TDP02',
          head: { name: 'Lê Văn Nam', member: false },
        },
      ],
    },
    {
      code: 'TN.DTU',
      name: 'Đảng bộ xã Đại Từ',
      level: 'COMMUNE',
      sector: 'RESIDENTIAL',
      children: [
        { code: 'TN.DTU.DCA', name: 'Chi bộ xóm Đồng Cả', level: 'CELL', sector: 'RESIDENTIAL' },
        { code: 'TN.DTU.CTH', name: 'Chi bộ xóm Cầu Thành', level: 'CELL', sector: 'RESIDENTIAL' },
        {
          code: 'TN.DTU.HTX',
          name: 'Chi bộ Hợp tác xã chè La Bằng',
          level: 'GRASSROOTS_CELL',
          sector: 'COOPERATIVE',
          enterprise: { name: 'Hợp tác xã chè La Bằng', taxCode: null },
        },
      ],
      localities: [
        {
          code: 'L.DTU.DCA',
          name: 'Xóm Đồng Cả',
          kind: 'HAMLET',
          cell: 'TN.DTU.DCA',
          head: { name: 'Hoàng Văn Tú', member: true },
        },
        {
          code: 'L.DTU.CTH',
          name: 'Xóm Cầu Thành',
          kind: 'HAMLET',
          cell: 'TN.DTU.CTH',
          head: { name: 'Đỗ Thị Mai', member: true },
        },
        {
          code: 'L.DTU.KHE',
          name: 'Xóm Khe Cốc',
          kind: 'HAMLET',
          head: { name: 'Ma Văn Sơn', member: false },
        },
      ],
    },
    {
      code: 'TN.DHO',
      name: 'Đảng bộ xã Định Hóa',
      level: 'COMMUNE',
      sector: 'RESIDENTIAL',
      children: [
        { code: 'TN.DHO.PCA', name: 'Chi bộ bản Pác Cáp', level: 'CELL', sector: 'RESIDENTIAL' },
        { code: 'TN.DHO.TTR', name: 'Chi bộ thôn Tân Thành', level: 'CELL', sector: 'RESIDENTIAL' },
      ],
      localities: [
        {
          code: 'L.DHO.PCA',
          name: 'Bản Pác Cáp',
          kind: 'MOUNTAIN_VILLAGE',
          cell: 'TN.DHO.PCA',
          head: { name: 'Lường Văn Pảo', member: true },
        },
        {
          code: 'L.DHO.TTR',
          name: 'Thôn Tân Thành',
          kind: 'VILLAGE',
          cell: 'TN.DHO.TTR',
          head: { name: 'Triệu Thị Hoa', member: false },
        },
      ],
    },
    {
      code: 'TN.CA',
      name: 'Đảng bộ Công an tỉnh',
      level: 'DIRECTLY_UNDER',
      sector: 'POLICE',
      children: [
        {
          code: 'TN.CA.CSGT',
          name: 'Đảng bộ Phòng Cảnh sát giao thông',
          level: 'GRASSROOTS_COMMITTEE',
          sector: 'POLICE',
          children: [
            { code: 'TN.CA.CSGT.D1', name: 'Chi bộ Đội tuần tra 1', level: 'CELL', sector: 'POLICE' },
          ],
        },
      ],
    },
    {
      code: 'TN.DHTN',
      name: 'Đảng bộ Đại học Thái Nguyên',
      level: 'DIRECTLY_UNDER',
      sector: 'UNIVERSITY',
      children: [
        {
          code: 'TN.DHTN.SP',
          name: 'Đảng bộ Trường Đại học Sư phạm',
          level: 'GRASSROOTS_COMMITTEE',
          sector: 'UNIVERSITY',
          children: [
            { code: 'TN.DHTN.SP.TOAN', name: 'Chi bộ Khoa Toán', level: 'CELL', sector: 'UNIVERSITY' },
            { code: 'TN.DHTN.SP.SV', name: 'Chi bộ Sinh viên', level: 'CELL', sector: 'UNIVERSITY' },
          ],
        },
      ],
    },
  ],
};

/** The demo is dated from the 2025 reform: communes directly under the province since 1 July 2025. */
const EFFECTIVE_DATE = '2025-07-01';

const CREATE = /* GraphQL */ `
  mutation SeedOrganisation($input: CreateOrganisationInput!) {
    createOrganisation(input: $input) {
      organisation {
        id
      }
      userErrors {
        code
        message
      }
    }
  }
`;

const REGISTER = /* GraphQL */ `
  mutation SeedLocality($input: RegisterLocalityInput!) {
    registerLocality(input: $input) {
      locality {
        id
      }
      userErrors {
        code
        message
      }
    }
  }
`;

const APPOINT = /* GraphQL */ `
  mutation SeedHead($input: AppointLocalityHeadInput!) {
    appointLocalityHead(input: $input) {
      locality {
        id
      }
      userErrors {
        code
        message
      }
    }
  }
`;

/**
 * Creates the demo tree through the public GraphQL API (the same mutations a client sends), parents
 * before children, then its villages with their covering cells and heads. Returns how many
 * organisations and localities were created.
 */
/** Runs a GraphQL operation against the service's own schema (the runtime's `execute`). */
type Execute = (
  query: string,
  variables?: Record<string, unknown>,
) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly unknown[] }>;

export async function seedDemoTree(execute: Execute): Promise<number> {
  let created = 0;
  const ids = new Map<string, string>();

  async function run(
    query: string,
    input: Record<string, unknown>,
    field: string,
    what: string,
  ): Promise<string> {
    const { data, errors } = await execute(query, { input });
    const payload = data?.[field] as
      ({ userErrors: unknown[] } & Record<string, { id: string } | null>) | undefined;
    const entity = payload && Object.values(payload).find((v) => v && typeof v === 'object' && 'id' in v);
    if (errors?.length || !entity) {
      throw new Error(`demo seed failed at ${what}: ${JSON.stringify(errors ?? payload?.userErrors)}`);
    }
    return (entity as { id: string }).id;
  }

  async function create(node: DemoNode, parentId: string | null): Promise<void> {
    const id = await run(
      CREATE,
      {
        code: node.code,
        name: node.name,
        level: node.level,
        sector: node.sector,
        enterprise: node.enterprise ?? null,
        parentId,
        effectiveDate: EFFECTIVE_DATE,
      },
      'createOrganisation',
      node.code,
    );
    ids.set(node.code, id);
    created += 1;
    for (const child of node.children ?? []) await create(child, id);
    for (const locality of node.localities ?? []) {
      const localityId = await run(
        REGISTER,
        {
          code: locality.code,
          name: locality.name,
          kind: locality.kind,
          communeId: id,
          cellIds: locality.cell ? [ids.get(locality.cell)] : [],
          effectiveDate: EFFECTIVE_DATE,
        },
        'registerLocality',
        locality.code,
      );
      created += 1;
      await run(
        APPOINT,
        {
          id: localityId,
          name: locality.head.name,
          memberId: locality.head.member
            ? Buffer.from(`Member:demo-${locality.code.replace(/\./g, '-')}`).toString('base64url')
            : null,
          termStart: EFFECTIVE_DATE,
        },
        'appointLocalityHead',
        `${locality.code} head`,
      );
    }
  }
  await create(DEMO_TREE, null);
  return created;
}

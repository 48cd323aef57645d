import type { ApolloServer } from '@apollo/server';
import type { OrganisationLevel, OrganisationSector } from '@dangvien/contracts';
import type { Context } from './context';

interface DemoNode {
  code: string;
  name: string;
  level: OrganisationLevel;
  sector: OrganisationSector;
  children?: DemoNode[];
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
        { code: 'TN.PDP.THCS', name: 'Chi bộ Trường THCS Nha Trang', level: 'GRASSROOTS_CELL', sector: 'SCHOOL' },
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
        { code: 'TN.DTU.HTX', name: 'Chi bộ Hợp tác xã chè La Bằng', level: 'GRASSROOTS_CELL', sector: 'COOPERATIVE' },
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
          children: [{ code: 'TN.CA.CSGT.D1', name: 'Chi bộ Đội tuần tra 1', level: 'CELL', sector: 'POLICE' }],
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

const CREATE = /* GraphQL */ `
  mutation SeedOrganisation($input: CreateOrganisationInput!) {
    createOrganisation(input: $input) {
      organisation { id }
      userErrors { code message }
    }
  }
`;

/**
 * Creates the demo tree through the public GraphQL API (the same mutations a client sends), parents
 * before children. Returns how many organisations were created.
 */
export async function seedDemoTree(apollo: ApolloServer<Context>, contextValue: () => Context): Promise<number> {
  let created = 0;
  async function create(node: DemoNode, parentId: string | null): Promise<void> {
    const response = await apollo.executeOperation<{
      createOrganisation: { organisation: { id: string } | null; userErrors: { code: string; message: string }[] };
    }>(
      {
        query: CREATE,
        variables: { input: { code: node.code, name: node.name, level: node.level, sector: node.sector, parentId } },
      },
      { contextValue: contextValue() },
    );
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    const { data, errors } = response.body.singleResult;
    const payload = data?.createOrganisation;
    if (errors?.length || !payload?.organisation) {
      throw new Error(`demo seed failed at ${node.code}: ${JSON.stringify(errors ?? payload?.userErrors)}`);
    }
    created += 1;
    for (const child of node.children ?? []) await create(child, payload.organisation.id);
  }
  await create(DEMO_TREE, null);
  return created;
}

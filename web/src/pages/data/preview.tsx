import { Alert, Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { ImportPreview } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';

const ENCODINGS: Record<string, string> = {
  utf8: 'UTF-8',
  gb18030: 'GBK / GB18030',
  utf16le: 'UTF-16 LE',
  utf16be: 'UTF-16 BE',
};
const DELIMITERS: Record<string, string> = { ',': ',', '\t': 'Tab', ';': ';', '|': '|' };

/** The server's reading of an upload: encoding, header with the canonical column of each cell, first rows. */
export function PreviewTable({ preview }: { preview: ImportPreview }) {
  const { t } = useI18n();
  const mapped = new Map(preview.columns.map((c, i) => [i, c.column]));
  const width = Math.max(preview.header.length, ...preview.rows.map((r) => r.cells.length));
  const columns = [
    { title: t('data.row'), dataIndex: 'row', key: 'row', width: 56, fixed: 'left' as const },
    ...Array.from({ length: width }, (_x, i) => {
      const canonical = mapped.get(i);
      return {
        key: `c${i}`,
        ellipsis: true,
        title: (
          <Space direction="vertical" size={0}>
            <span data-testid="preview-header">{preview.header[i] ?? ''}</span>
            {preview.columns.length > 0 &&
              (canonical ? <Tag color="blue">{canonical}</Tag> : <Tag>{t('data.ignored')}</Tag>)}
          </Space>
        ),
        render: (_v: unknown, r: { cells: string[] }) => r.cells[i] ?? '',
      };
    }),
  ];
  return (
    <div data-testid="import-preview">
      <Typography.Text strong>{t('data.preview')}</Typography.Text>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 4 }}>
        <Descriptions.Item label={t('data.encoding')}>
          <span data-testid="preview-encoding">
            {preview.encoding ? (ENCODINGS[preview.encoding] ?? preview.encoding) : preview.kind.toUpperCase()}
          </span>
        </Descriptions.Item>
        {preview.delimiter && (
          <Descriptions.Item label={t('data.delimiter')}>
            {DELIMITERS[preview.delimiter] ?? preview.delimiter}
          </Descriptions.Item>
        )}
        {preview.header_row !== null && (
          <Descriptions.Item label={t('data.headerRow')}>{preview.header_row}</Descriptions.Item>
        )}
      </Descriptions>
      {preview.problems.map((p) => (
        <Alert key={`${p.column}-${p.message}`} type="warning" showIcon message={`${p.column}: ${p.message}`} />
      ))}
      <Table
        size="small"
        rowKey="row"
        pagination={false}
        scroll={{ x: Math.max(600, width * 120) }}
        dataSource={preview.rows}
        columns={columns}
        style={{ marginTop: 8 }}
      />
    </div>
  );
}

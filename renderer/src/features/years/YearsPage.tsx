import { useState } from 'react';
import { App, Button, Card, Empty, Form, InputNumber, Table, Tag, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import type { YearDto } from '../../../../shared/rpc/years';
import { rpc } from '../../../../shared/rpc';
import { ReviewSummary } from '../review/ReviewSummary';
import { call } from '../../lib/rpc';
import { PageHeader } from '../../components/PageHeader';

interface Props {
  years: YearDto[];
  onCreated: (year: number) => void | Promise<void>;
  onOpen: (year: number) => void;
}

export function YearsPage({ years, onCreated, onOpen }: Props) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const suggested = years.length ? Math.max(...years.map((y) => y.year)) + 1 : new Date().getFullYear();

  async function create(v: { year: number }) {
    setBusy(true);
    try {
      const y = await call(rpc.years.create, { year: v.year });
      message.success(`Đã tạo dữ liệu năm ${y.year}.`);
      await onCreated(y.year);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ maxWidth: 960 }}>
      <PageHeader title="Năm báo cáo" sub="Mỗi năm báo cáo được lưu trong một tệp dữ liệu riêng. Năm mới tự động mang theo cài đặt và danh sách đơn vị của năm gần nhất trước đó." />
      <Card title="Tạo năm mới" style={{ marginBottom: 24 }}>
        <Form layout="inline" onFinish={create} initialValues={{ year: suggested }} key={suggested}>
          <Form.Item label="Năm" name="year" rules={[{ required: true, message: 'Nhập năm, ví dụ 2024' }]}>
            <InputNumber aria-label="Năm mới" min={2000} max={2100} precision={0} controls={false} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              Tạo năm
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card title="Các năm đã có">
        {years.length === 0 ? (
          <Empty description="Thư mục làm việc chưa có năm nào. Hãy tạo năm đầu tiên ở trên." />
        ) : (
          <Table<YearDto>
            rowKey="year"
            pagination={false}
            dataSource={years}
            columns={[
              { title: 'Năm', dataIndex: 'year', width: 90 },
              { title: 'Mẫu báo cáo', render: (_, y) => y.template?.name ?? <Typography.Text type="secondary">Chưa chọn</Typography.Text> },
              { title: 'Kỳ báo cáo', render: (_, y) => (y.period ? `${y.period.fromYear} - ${y.period.toYear}` : '—') },
              { title: 'Số đơn vị', dataIndex: 'unitCount', width: 110, align: 'right' },
              { title: 'Báo cáo', render: (_, y) => (y.template ? <ReviewSummary year={y.year} /> : null) },
              {
                title: 'Tệp dữ liệu',
                render: (_, y) =>
                  y.problem ? (
                    <>
                      {y.file}{' '}
                      <Typography.Text type="danger" title={y.problem}>
                        (không mở được — xem trang Lưu trữ để khôi phục)
                      </Typography.Text>
                    </>
                  ) : y.sealed ? (
                    <>
                      {y.file}
                      <br />
                      <Tag icon={<LockOutlined />} color="blue" style={{ marginTop: 4 }} title="Dữ liệu năm đã khóa sổ: chỉ xem; muốn sửa phải mở niêm phong ở trang Lưu trữ (ghi lý do).">
                        Đã khóa sổ — chỉ xem
                      </Tag>
                    </>
                  ) : y.readOnly ? (
                    <>
                      {y.file}{' '}
                      <Typography.Text type="warning" title="Thư mục hoặc tệp chỉ cho phép đọc, hoặc thư mục làm việc đang được mở ở nơi khác: xem được, không lưu được thay đổi.">
                        (chỉ đọc)
                      </Typography.Text>
                    </>
                  ) : (
                    y.file
                  ),
              },
              { title: '', width: 110, render: (_, y) => <Button onClick={() => onOpen(y.year)}>Mở</Button> },
            ]}
          />
        )}
      </Card>
    </div>
  );
}

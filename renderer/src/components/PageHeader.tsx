/**
 * The top of a page, kept in view while the page scrolls (the shell's content area is the scroll container): the
 * title, the page's main action (its save button says what it saves) and, on long pages, links to its sections.
 */
import type { ReactNode } from 'react';
import { Anchor, Flex, Typography } from 'antd';
import './page-header.css';

export interface PageSection {
  /** The element id the link scrolls to. */
  id: string;
  title: string;
}

/** The shell's scroll container, for in-page links and the remembered scroll position. */
export const contentScroller = () => (document.querySelector('.app-content') as HTMLElement | null) ?? window;

export function PageHeader({ title, sub, extra, sections, className }: { title: ReactNode; sub?: ReactNode; extra?: ReactNode; sections?: PageSection[]; className?: string }) {
  return (
    <div className={`page-header${className ? ` ${className}` : ''}`}>
      <Flex align="center" gap={16} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra && (
          <Flex gap={8} align="center" wrap style={{ marginLeft: 'auto' }} className="page-header-actions">
            {extra}
          </Flex>
        )}
      </Flex>
      {sub && <div className="page-header-sub">{sub}</div>}
      {sections && sections.length > 1 && (
        <Anchor
          className="page-header-sections"
          direction="horizontal"
          affix={false}
          targetOffset={140}
          getContainer={contentScroller}
          items={sections.map((s) => ({ key: s.id, href: `#${s.id}`, title: s.title }))}
          // The address holds the route (#/2024/cai-dat): the link scrolls without touching it.
          onClick={(e) => e.preventDefault()}
        />
      )}
    </div>
  );
}

import type { Metadata, Viewport } from 'next';
import { ErrorReportingMeta } from '@/components/layout/ErrorReportingMeta';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Customer Segmentation', template: '%s · Customer Segmentation' },
  description: 'Your book of business in four value tiers: Elite, Premium, Standard and Entry.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <ErrorReportingMeta />
        {children}
      </body>
    </html>
  );
}

'use client';

import { useParams, usePathname } from 'next/navigation';
import { routePattern } from '@/lib/api/route-pattern';
import { setReportedRoute } from '@/lib/observability/sentry/page-tags';

/**
 * Labels the browser's error reports with the page's route pattern (`/analytics/segmentation/[tier]`),
 * as the server labels its own: the path would carry ids and split one bug into many issues.
 * Renders nothing; rendered only when error reporting is on.
 */
export function ReportedRoute() {
  const pathname = usePathname();
  const params = useParams();
  setReportedRoute(routePattern(pathname, params ?? {}));
  return null;
}

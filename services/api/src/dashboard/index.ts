export { dashboardRoutes, findDashboardDir } from './dashboard-routes.js';

import { startDeployment } from './deployment';

export default startDeployment;

"""The supervisors' dashboard (督办看板): figures in SQL over the frozen ticket figures."""
